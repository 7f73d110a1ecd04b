using AuthServer.Persistence;
using AuthServer.Strategies.Persistence;
using AuthServer.Strategies.Refresh;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Tests.Refresh;

/// <summary>The conditional write that guards rotation between processes, on a real SQLite file with several connections.</summary>
public sealed class SqliteRefreshTokenStoreTests : RefreshTokenStoreTests
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"authserver-store-{Guid.NewGuid():N}.db");
    private readonly SqliteRefreshTokenWrites writes = new();

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(path);
        return Task.CompletedTask;
    }

    protected override AuthDbContext Open() => new SqliteAuthDbContext(new DbContextOptionsBuilder<SqliteAuthDbContext>().UseSqlite($"Data Source={path}").Options);

    internal override IRefreshTokenWrites Writes => writes;
}

/// <summary>The store's rows on every database; the PostgreSQL one is a system test (tests/AuthServer.SystemTests/Postgres).</summary>
public abstract class RefreshTokenStoreTests : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await using var db = Open();
        await db.Database.MigrateAsync();
    }

    public abstract Task DisposeAsync();

    internal abstract IRefreshTokenWrites Writes { get; }

    [SkippableFact]
    public async Task TryRotate_SecondRotationOfTheSameToken_LosesEvenFromAnotherConnection()
    {
        await using var first = Open();
        await using var second = Open();
        var (family, token) = await SeedAsync(first);

        var won = await new RefreshTokenStore(first, Writes).TryRotateAsync(token.Hash, Successor(family, token, "a"), 1, default);
        var lost = await new RefreshTokenStore(second, Writes).TryRotateAsync(token.Hash, Successor(family, token, "b"), 2, default);

        Assert.True(won);
        Assert.False(lost);
        Assert.Equal(2, await second.RefreshTokens.CountAsync());
    }

    [SkippableFact]
    public async Task TryRotate_InARevokedFamily_Fails()
    {
        await using var db = Open();
        var (family, token) = await SeedAsync(db);
        var store = new RefreshTokenStore(db, Writes);
        Assert.True(await store.RevokeFamilyAsync(family.Id, 1, default));

        Assert.False(await store.TryRotateAsync(token.Hash, Successor(family, token, "a"), 2, default));
        Assert.Equal(1, await db.RefreshTokens.CountAsync());
    }

    [SkippableFact]
    public async Task TryRotate_StoresTheSuccessor_AndMarksTheParentUsed()
    {
        await using var db = Open();
        var (family, token) = await SeedAsync(db);
        var store = new RefreshTokenStore(db, Writes);
        var successor = Successor(family, token, "a");

        Assert.True(await store.TryRotateAsync(token.Hash, successor, 42, default));

        var parent = await store.FindAsync(token.Hash, default);
        Assert.Equal(42, parent?.Token.UsedAt);
        Assert.Equal("u1", parent?.Family.UserId);
        var stored = await store.FindTokenAsync(successor.Hash, default);
        Assert.NotNull(stored);
        Assert.Equal((family.Id, token.Hash, (long?)null, successor.ExpiresAt), (stored.FamilyId, stored.ParentHash, stored.UsedAt, stored.ExpiresAt));
    }

    [SkippableFact]
    public async Task CreateFamily_StoresTheFamilyAndItsFirstToken()
    {
        await using var db = Open();
        var (family, token) = await SeedAsync(db);

        var found = await new RefreshTokenStore(db, Writes).FindAsync(token.Hash, default);

        Assert.NotNull(found);
        Assert.Equal((family.Id, family.UserId, (string?)null, (long?)null), (found.Value.Family.Id, found.Value.Family.UserId, found.Value.Token.ParentHash, found.Value.Token.UsedAt));
    }

    [SkippableFact]
    public async Task TryRotate_ManyFamiliesAtOnce_AllSucceed()
    {
        var seeded = new List<(RefreshFamily, RefreshTokenRecord)>();
        await using (var db = Open())
        {
            for (var i = 0; i < 16; i++)
            {
                seeded.Add(await SeedAsync(db));
            }
        }

        var results = await Task.WhenAll(seeded.Select(async pair =>
        {
            await using var db = Open();
            return await new RefreshTokenStore(db, Writes).TryRotateAsync(pair.Item2.Hash, Successor(pair.Item1, pair.Item2, "x"), 1, default);
        }));

        Assert.All(results, Assert.True);
    }

    protected abstract AuthDbContext Open();

    protected async Task<(RefreshFamily Family, RefreshTokenRecord Token)> SeedAsync(AuthDbContext db)
    {
        var family = new RefreshFamily { Id = Guid.NewGuid().ToString("N"), UserId = "u1", CreatedAt = 0, ExpiresAt = long.MaxValue };
        var token = new RefreshTokenRecord { Hash = RefreshTokenCodec.Hash(Guid.NewGuid().ToString("N")), FamilyId = family.Id, ExpiresAt = long.MaxValue };
        await new RefreshTokenStore(db, Writes).CreateFamilyAsync(family, token, default);
        return (family, token);
    }

    protected static RefreshTokenRecord Successor(RefreshFamily family, RefreshTokenRecord parent, string seed) => new()
    {
        Hash = RefreshTokenCodec.Hash(seed + Guid.NewGuid()),
        FamilyId = family.Id,
        ParentHash = parent.Hash,
        ExpiresAt = long.MaxValue,
    };
}
