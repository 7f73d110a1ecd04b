using System.Data.Common;
using AuthServer.Strategies.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Strategies.Refresh;

/// <summary>
/// Refresh families and tokens in SQLite. Rotation is a conditional write, so two processes never both rotate one token.
/// The rotation path (find, rotate, start a family) is plain SQL on the context's connection: through LINQ, building
/// and parameterising the queries cost several times the SQL itself. EF Core still owns the schema and the rest.
/// </summary>
internal sealed class RefreshTokenStore(AuthDbContext db, SqliteWriteGate writes)
{
    private const string TokenColumns = """t."Hash", t."FamilyId", t."ParentHash", t."IssuedAt", t."ExpiresAt", t."UsedAt" """;

    private const string FindSql = $"""
        SELECT {TokenColumns}, f."UserId", f."CreatedAt", f."ExpiresAt", f."RevokedAt"
        FROM "RefreshTokens" AS t JOIN "RefreshFamilies" AS f ON f."Id" = t."FamilyId"
        WHERE t."Hash" = $hash
        """;

    private const string FindTokenSql = $"""SELECT {TokenColumns} FROM "RefreshTokens" AS t WHERE t."Hash" = $hash""";

    private const string InsertTokenSql = """
        INSERT INTO "RefreshTokens" ("Hash", "FamilyId", "ParentHash", "IssuedAt", "ExpiresAt", "UsedAt")
        VALUES ($new_hash, $family_id, $parent_hash, $issued_at, $expires_at, NULL)
        """;

    // The successor goes in only if this very statement marked its parent used: changes() counts the UPDATE.
    private const string RotateSql = $"""
        UPDATE "RefreshTokens" SET "UsedAt" = $now
        WHERE "Hash" = $hash AND "UsedAt" IS NULL
          AND EXISTS (SELECT 1 FROM "RefreshFamilies" AS f WHERE f."Id" = "RefreshTokens"."FamilyId" AND f."RevokedAt" IS NULL);
        INSERT INTO "RefreshTokens" ("Hash", "FamilyId", "ParentHash", "IssuedAt", "ExpiresAt", "UsedAt")
        SELECT $new_hash, $family_id, $parent_hash, $issued_at, $expires_at, NULL WHERE changes() = 1;
        """;

    private const string InsertFamilySql = """
        INSERT INTO "RefreshFamilies" ("Id", "UserId", "CreatedAt", "ExpiresAt", "RevokedAt") VALUES ($id, $user_id, $created_at, $family_expires_at, NULL);
        """;

    public async Task CreateFamilyAsync(RefreshFamily family, RefreshTokenRecord first, CancellationToken cancellationToken)
    {
        using var gate = await writes.EnterAsync(cancellationToken);
        await WithConnectionAsync(async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var command = Command(connection, InsertFamilySql + InsertTokenSql, transaction);
            command.Parameters.AddWithValue("$id", family.Id);
            command.Parameters.AddWithValue("$user_id", family.UserId);
            command.Parameters.AddWithValue("$created_at", family.CreatedAt);
            command.Parameters.AddWithValue("$family_expires_at", family.ExpiresAt);
            AddToken(command, first);
            await command.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    public Task<(RefreshTokenRecord Token, RefreshFamily Family)?> FindAsync(string hash, CancellationToken cancellationToken) =>
        WithConnectionAsync<(RefreshTokenRecord, RefreshFamily)?>(async connection =>
        {
            await using var command = Command(connection, FindSql);
            command.Parameters.AddWithValue("$hash", hash);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            var token = ReadToken(reader);
            return (token, new RefreshFamily
            {
                Id = token.FamilyId,
                UserId = reader.GetString(6),
                CreatedAt = reader.GetInt64(7),
                ExpiresAt = reader.GetInt64(8),
                RevokedAt = reader.IsDBNull(9) ? null : reader.GetInt64(9),
            });
        }, cancellationToken);

    public Task<RefreshTokenRecord?> FindTokenAsync(string hash, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            await using var command = Command(connection, FindTokenSql);
            command.Parameters.AddWithValue("$hash", hash);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? ReadToken(reader) : null;
        }, cancellationToken);

    /// <summary>Marks <paramref name="hash"/> used and adds its successor, only if it was unused and its family alive.</summary>
    public async Task<bool> TryRotateAsync(string hash, RefreshTokenRecord successor, long now, CancellationToken cancellationToken)
    {
        using var gate = await writes.EnterAsync(cancellationToken);
        return await WithConnectionAsync(async connection =>
        {
            // BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default): the write lock is taken before the check.
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var command = Command(connection, RotateSql, transaction);
            command.Parameters.AddWithValue("$now", now);
            command.Parameters.AddWithValue("$hash", hash);
            AddToken(command, successor);
            // One row updated plus one inserted, or nothing at all.
            if (await command.ExecuteNonQueryAsync(cancellationToken) != 2)
            {
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }

            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    public async Task<bool> RevokeFamilyAsync(string familyId, long now, CancellationToken cancellationToken) =>
        await db.RefreshFamilies
            .Where(f => f.Id == familyId && f.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.RevokedAt, now), cancellationToken) > 0;

    public async Task<bool> RevokeUserAsync(string userId, long now, CancellationToken cancellationToken) =>
        await db.RefreshFamilies
            .Where(f => f.UserId == userId && f.RevokedAt == null && f.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.RevokedAt, now), cancellationToken) > 0;

    /// <summary>Deletes what can no longer be presented successfully: expired tokens and ended families.</summary>
    public async Task<int> PurgeAsync(long now, CancellationToken cancellationToken)
    {
        var tokens = await db.RefreshTokens.Where(t => t.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        var families = await db.RefreshFamilies.Where(f => f.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        return tokens + families;
    }

    // Through EF Core, so its connection interceptors (the per-connection pragmas) still apply.
    private async Task<T> WithConnectionAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await work((SqliteConnection)db.Database.GetDbConnection());
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private static void AddToken(SqliteCommand command, RefreshTokenRecord token)
    {
        command.Parameters.AddWithValue("$new_hash", token.Hash);
        command.Parameters.AddWithValue("$family_id", token.FamilyId);
        command.Parameters.AddWithValue("$parent_hash", (object?)token.ParentHash ?? DBNull.Value);
        command.Parameters.AddWithValue("$issued_at", token.IssuedAt);
        command.Parameters.AddWithValue("$expires_at", token.ExpiresAt);
    }

    private static RefreshTokenRecord ReadToken(DbDataReader reader) => new()
    {
        Hash = reader.GetString(0),
        FamilyId = reader.GetString(1),
        ParentHash = reader.IsDBNull(2) ? null : reader.GetString(2),
        IssuedAt = reader.GetInt64(3),
        ExpiresAt = reader.GetInt64(4),
        UsedAt = reader.IsDBNull(5) ? null : reader.GetInt64(5),
    };
}
