using System.Data.Common;
using AuthServer.Strategies.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Strategies.Refresh;

/// <summary>
/// Refresh families and tokens in SQLite or PostgreSQL. Rotation is a conditional write (<see cref="IRefreshTokenWrites"/>,
/// one per engine), so two processes never both rotate one token. The rotation path (find, rotate, start a family) is
/// plain SQL on the context's connection: through LINQ, building and parameterising the queries cost several times
/// the SQL itself. EF Core still owns the schema and the rest.
/// </summary>
internal sealed class RefreshTokenStore(AuthDbContext db, IRefreshTokenWrites writes)
{
    private const string FindSql = $"""
        SELECT {RefreshSql.TokenColumns}, f."UserId", f."CreatedAt", f."ExpiresAt", f."RevokedAt"
        FROM "RefreshTokens" AS t JOIN "RefreshFamilies" AS f ON f."Id" = t."FamilyId"
        WHERE t."Hash" = @hash
        """;

    private const string FindTokenSql = $"""SELECT {RefreshSql.TokenColumns} FROM "RefreshTokens" AS t WHERE t."Hash" = @hash""";

    // Expired rows may be many after a long stop: more time than a request gets.
    private static readonly TimeSpan PurgeTimeout = TimeSpan.FromMinutes(1);

    public Task CreateFamilyAsync(RefreshFamily family, RefreshTokenRecord first, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            await writes.CreateFamilyAsync(connection, family, first, cancellationToken);
            return true;
        }, cancellationToken);

    public Task<(RefreshTokenRecord Token, RefreshFamily Family)?> FindAsync(string hash, CancellationToken cancellationToken) =>
        WithConnectionAsync<(RefreshTokenRecord, RefreshFamily)?>(async connection =>
        {
            await using var command = RefreshSql.Command(connection, FindSql);
            RefreshSql.Add(command, "@hash", hash);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            var token = RefreshSql.ReadToken(reader);
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
            await using var command = RefreshSql.Command(connection, FindTokenSql);
            RefreshSql.Add(command, "@hash", hash);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? RefreshSql.ReadToken(reader) : null;
        }, cancellationToken);

    /// <summary>Marks <paramref name="hash"/> used and adds its successor, only if it was unused and its family alive.</summary>
    public Task<bool> TryRotateAsync(string hash, RefreshTokenRecord successor, long now, CancellationToken cancellationToken) =>
        WithConnectionAsync(connection => writes.TryRotateAsync(connection, hash, successor, now, cancellationToken), cancellationToken);

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
        var requestTimeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(PurgeTimeout);
        try
        {
            var tokens = await db.RefreshTokens.Where(t => t.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
            var families = await db.RefreshFamilies.Where(f => f.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
            return tokens + families;
        }
        finally
        {
            db.Database.SetCommandTimeout(requestTimeout);
        }
    }

    // Through EF Core, so its connection interceptors (SQLite's per-connection pragmas) and timeouts still apply.
    private async Task<T> WithConnectionAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await work(db.Database.GetDbConnection());
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
