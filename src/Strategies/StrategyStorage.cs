using AuthServer.Strategies.Persistence;
using AuthServer.Strategies.Refresh;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Strategies;

/// <summary>
/// What the strategies keep in the host's database, each beside the code that uses it. Mapped whatever the strategy
/// chosen, so that one migration history serves every strategy and a switch of <c>Auth:Strategy</c> needs none.
/// </summary>
public static class StrategyStorage
{
    public static ModelBuilder ApplyStrategyStorage(this ModelBuilder modelBuilder)
    {
        // jwt-refresh's families and tokens.
        var refresh = new RefreshStorage();
        modelBuilder.ApplyConfiguration<RefreshFamily>(refresh);
        modelBuilder.ApplyConfiguration<RefreshTokenRecord>(refresh);
        // The key behind refresh successors, user tags and throttling buckets (see ServerSecrets).
        return modelBuilder.ApplyConfiguration(new ServerSecretMapping());
    }
}
