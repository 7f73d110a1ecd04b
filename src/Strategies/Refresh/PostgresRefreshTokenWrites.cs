using System.Data.Common;
using AuthServer.Strategies.Persistence;

namespace AuthServer.Strategies.Refresh;

/// <summary>
/// PostgreSQL: each write is one statement, so it needs no transaction of ours and holds row locks only while it runs.
/// Under READ COMMITTED a second rotation of the same token waits for the first's row lock, then re-checks its WHERE on
/// the committed row (<c>"UsedAt"</c> is set now), updates nothing, and so inserts nothing. A revocation racing a
/// rotation may let that one rotation through, but it marks the family, which refuses the successor too.
/// </summary>
internal sealed class PostgresRefreshTokenWrites : IRefreshTokenWrites
{
    private const string RotateSql = $"""
        WITH used AS (
            UPDATE "RefreshTokens" AS t SET "UsedAt" = @now
            FROM "RefreshFamilies" AS f
            WHERE t."Hash" = @hash AND t."UsedAt" IS NULL AND f."Id" = t."FamilyId" AND f."RevokedAt" IS NULL
            RETURNING t."Hash")
        {RefreshSql.InsertTokenColumns}
        SELECT {RefreshSql.TokenValues} FROM used
        """;

    // The foreign key is checked at the end of the statement, when the family row is there.
    private const string CreateFamilySql = $"""
        WITH family AS ({RefreshSql.FamilyValues})
        {RefreshSql.InsertTokenColumns} VALUES ({RefreshSql.TokenValues})
        """;

    public async Task CreateFamilyAsync(DbConnection connection, RefreshFamily family, RefreshTokenRecord first, CancellationToken cancellationToken)
    {
        await using var command = RefreshSql.Command(connection, CreateFamilySql);
        RefreshSql.AddFamily(command, family);
        RefreshSql.AddToken(command, first);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> TryRotateAsync(DbConnection connection, string hash, RefreshTokenRecord successor, long now, CancellationToken cancellationToken)
    {
        await using var command = RefreshSql.Command(connection, RotateSql);
        RefreshSql.Add(command, "@now", now);
        RefreshSql.Add(command, "@hash", hash);
        RefreshSql.AddToken(command, successor);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
