using AuthServer.Strategies.Options;
using AuthServer.Tests.Contract;
using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Redis;

namespace AuthServer.SystemTests.Postgres;

// The whole contract again, with users and refresh tokens in PostgreSQL: one database per server.
// jwt-blacklist and redis-session run the rows every strategy shares; their own rows are about Redis, not the database.

public sealed class PostgresStatelessJwtContractTests(PostgresServer.StatelessJwt server)
    : StatelessJwtContract(PostgresTestServer.Require(server)), IClassFixture<PostgresServer.StatelessJwt>;

public sealed class PostgresJwtRefreshContractTests(PostgresServer.JwtRefresh server)
    : JwtRefreshContract(PostgresTestServer.Require(server)), IClassFixture<PostgresServer.JwtRefresh>;

public sealed class PostgresJwtBlacklistContractTests(PostgresServer.JwtBlacklist server)
    : StrategyContractTests(PostgresTestServer.Require(server)), IClassFixture<PostgresServer.JwtBlacklist>
{
    protected override bool Revocable => true;

    protected override bool HasRefreshTokens => false;

    protected override bool NeedsRedis => true;

    protected override long ExpectedExpiresInSeconds => 3600;
}

public sealed class PostgresRedisSessionContractTests(PostgresServer.RedisSession server)
    : StrategyContractTests(PostgresTestServer.Require(server)), IClassFixture<PostgresServer.RedisSession>
{
    protected override bool Revocable => true;

    protected override bool HasRefreshTokens => false;

    protected override bool NeedsRedis => true;

    protected override long ExpectedExpiresInSeconds => 1800;
}

/// <summary>In-process servers on a PostgreSQL database of their own, dropped when the fixture is disposed.</summary>
public static class PostgresServer
{
    public sealed class StatelessJwt() : OnPostgres(StrategyNames.StatelessJwt);

    public sealed class JwtRefresh() : OnPostgres(StrategyNames.JwtRefresh);

    public sealed class JwtBlacklist() : RedisOnPostgres(StrategyNames.JwtBlacklist);

    public sealed class RedisSession() : RedisOnPostgres(StrategyNames.RedisSession);

    public class OnPostgres(string strategy, PostgresTestDatabase database) : AuthServerFactory(strategy, database.Settings)
    {
        public OnPostgres(string strategy)
            : this(strategy, new PostgresTestDatabase())
        {
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            database.Dispose();
        }
    }

    public class RedisOnPostgres(string strategy, PostgresTestDatabase database) : RedisStrategyServer(strategy, database.Settings)
    {
        public RedisOnPostgres(string strategy)
            : this(strategy, new PostgresTestDatabase())
        {
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            database.Dispose();
        }
    }
}
