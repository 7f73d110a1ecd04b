using System.Data.Common;
using AuthServer.Strategies.Persistence;
using Microsoft.Data.Sqlite;

namespace AuthServer.Strategies.Refresh;

/// <summary>
/// SQLite: the file's write lock, taken before anything is checked, decides between processes. Callers write through
/// <see cref="DatabaseGuard.WriteAsync{TService, T}"/>, so within this process one writer at a time (<see cref="SqliteWriteGate"/>).
/// </summary>
internal sealed class SqliteRefreshTokenWrites : IRefreshTokenWrites
{
    private const string InsertTokenSql = $"{RefreshSql.InsertTokenColumns} VALUES ({RefreshSql.TokenValues});";

    // The successor goes in only if this very statement marked its parent used: changes() counts the UPDATE.
    private const string RotateSql = $"""
        UPDATE "RefreshTokens" SET "UsedAt" = @now
        WHERE "Hash" = @hash AND "UsedAt" IS NULL
          AND EXISTS (SELECT 1 FROM "RefreshFamilies" AS f WHERE f."Id" = "RefreshTokens"."FamilyId" AND f."RevokedAt" IS NULL);
        {RefreshSql.InsertTokenColumns}
        SELECT {RefreshSql.TokenValues} WHERE changes() = 1;
        """;

    public async Task CreateFamilyAsync(DbConnection connection, RefreshFamily family, RefreshTokenRecord first, CancellationToken cancellationToken)
    {
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = RefreshSql.Command(connection, RefreshSql.FamilyValues + ";" + InsertTokenSql, transaction);
        RefreshSql.AddFamily(command, family);
        RefreshSql.AddToken(command, first);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<bool> TryRotateAsync(DbConnection connection, string hash, RefreshTokenRecord successor, long now, CancellationToken cancellationToken)
    {
        // BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default): the write lock is taken before the check.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = RefreshSql.Command(connection, RotateSql, transaction);
        RefreshSql.Add(command, "@now", now);
        RefreshSql.Add(command, "@hash", hash);
        RefreshSql.AddToken(command, successor);
        // One row updated plus one inserted, or nothing at all.
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 2)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
