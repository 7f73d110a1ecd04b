using System.Data.Common;
using AuthServer.Strategies.Persistence;

namespace AuthServer.Strategies.Refresh;

/// <summary>SQL and parameters both engines understand: quoted names and <c>@name</c> parameters.</summary>
internal static class RefreshSql
{
    public const string TokenColumns = """t."Hash", t."FamilyId", t."ParentHash", t."IssuedAt", t."ExpiresAt", t."UsedAt" """;

    public const string InsertTokenColumns = """INSERT INTO "RefreshTokens" ("Hash", "FamilyId", "ParentHash", "IssuedAt", "ExpiresAt", "UsedAt")""";

    public const string TokenValues = "@new_hash, @family_id, @parent_hash, @issued_at, @expires_at, NULL";

    public const string FamilyValues = """INSERT INTO "RefreshFamilies" ("Id", "UserId", "CreatedAt", "ExpiresAt", "RevokedAt") VALUES (@id, @user_id, @created_at, @family_expires_at, NULL)""";

    public static DbCommand Command(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    public static void AddFamily(DbCommand command, RefreshFamily family)
    {
        Add(command, "@id", family.Id);
        Add(command, "@user_id", family.UserId);
        Add(command, "@created_at", family.CreatedAt);
        Add(command, "@family_expires_at", family.ExpiresAt);
    }

    public static void AddToken(DbCommand command, RefreshTokenRecord token)
    {
        Add(command, "@new_hash", token.Hash);
        Add(command, "@family_id", token.FamilyId);
        Add(command, "@parent_hash", token.ParentHash);
        Add(command, "@issued_at", token.IssuedAt);
        Add(command, "@expires_at", token.ExpiresAt);
    }

    public static RefreshTokenRecord ReadToken(DbDataReader reader) => new()
    {
        Hash = reader.GetString(0),
        FamilyId = reader.GetString(1),
        ParentHash = reader.IsDBNull(2) ? null : reader.GetString(2),
        IssuedAt = reader.GetInt64(3),
        ExpiresAt = reader.GetInt64(4),
        UsedAt = reader.IsDBNull(5) ? null : reader.GetInt64(5),
    };
}
