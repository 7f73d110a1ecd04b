using AuthServer.Strategies.Options;
using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Introspection;
using AuthServer.Tests.Refresh;

namespace AuthServer.SystemTests.Postgres;

public sealed class PostgresUntaggedTokenServer : AuthServerFactory
{
    private readonly PostgresTestDatabase database;

    public PostgresUntaggedTokenServer()
        : this(new PostgresTestDatabase())
    {
    }

    private PostgresUntaggedTokenServer(PostgresTestDatabase database)
        : base(StrategyNames.JwtRefresh, new Dictionary<string, string?>(database.Settings.Concat(IntrospectionCaller.Settings()))) =>
        this.database = database;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        database.Dispose();
    }
}

public sealed class PostgresUntaggedRefreshTokenTests(PostgresUntaggedTokenServer server)
    : UntaggedRefreshTokenTests(PostgresTestServer.Require(server)), IClassFixture<PostgresUntaggedTokenServer>;
