namespace AuthServer.Strategies.Abstractions;

/// <summary>The capabilities of a strategy, as promised in the contract (refresh tokens: <see cref="IRefreshTokenGrant"/>).</summary>
/// <param name="Name">The <c>Auth:Strategy</c> value.</param>
/// <param name="Revocable">Whether an access credential can be refused before it expires.</param>
/// <param name="NeedsRedis">Whether the strategy needs Redis to authenticate.</param>
/// <param name="AccessTokenLifetime">Lifetime of the access credential (idle timeout for sessions).</param>
public sealed record StrategyInfo(string Name, bool Revocable, bool NeedsRedis, TimeSpan AccessTokenLifetime);
