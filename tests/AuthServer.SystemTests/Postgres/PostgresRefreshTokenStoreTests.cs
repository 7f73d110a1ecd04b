using AuthServer.Persistence;
using AuthServer.Strategies.Persistence;
using AuthServer.Strategies.Refresh;
using AuthServer.Tests.Refresh;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.SystemTests.Postgres;

/// <summary>The same on PostgreSQL, where nothing in the process serialises writes: the single statement must.</summary>
public sealed class PostgresRefreshTokenStoreTests : RefreshTokenStoreTests
{
    private readonly PostgresTestDatabase database = PostgresTestServer.Require(new PostgresTestDatabase());

    public override Task DisposeAsync()
    {
        database.Dispose();
        return Task.CompletedTask;
    }

    protected override AuthDbContext Open() => new PostgresAuthDbContext(new DbContextOptionsBuilder<PostgresAuthDbContext>().UseNpgsql(database.ConnectionString).Options);

    internal override IRefreshTokenWrites Writes { get; } = new PostgresRefreshTokenWrites();

    [SkippableFact]
    public async Task TryRotate_FromManyConnectionsAtOnce_ExactlyOneWins()
    {
        (RefreshFamily Family, RefreshTokenRecord Token) seeded;
        await using (var db = Open())
        {
            seeded = await SeedAsync(db);
        }

        using var start = new SemaphoreSlim(0);
        var attempts = Enumerable.Range(0, 20).Select(async i =>
        {
            await using var db = Open();
            await db.Database.OpenConnectionAsync();
            await start.WaitAsync();
            return await new RefreshTokenStore(db, Writes).TryRotateAsync(seeded.Token.Hash, Successor(seeded.Family, seeded.Token, $"{i}"), i, default);
        }).ToArray();
        start.Release(attempts.Length);
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, won => won);
        await using var check = Open();
        Assert.Equal(2, await check.RefreshTokens.CountAsync(t => t.FamilyId == seeded.Family.Id));
    }
}
