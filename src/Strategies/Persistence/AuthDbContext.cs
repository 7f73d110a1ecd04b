using Microsoft.EntityFrameworkCore;

namespace AuthServer.Strategies.Persistence;

/// <summary>
/// The database as the strategies see it: a context whose model holds their tables (<see cref="StrategyStorage"/>)
/// beside whatever the host keeps there. The host owns the concrete contexts, one per provider, the accounts in them and
/// the migrations; the strategies only ever ask for the sets they use.
/// </summary>
public abstract class AuthDbContext(DbContextOptions options) : DbContext(options);
