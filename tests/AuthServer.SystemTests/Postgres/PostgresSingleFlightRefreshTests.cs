using AuthServer.Tests.Refresh;

namespace AuthServer.SystemTests.Postgres;

public sealed class PostgresSingleFlightRefreshTests(PostgresServer.JwtRefresh server)
    : SingleFlightRefreshTests(PostgresTestServer.Require(server)), IClassFixture<PostgresServer.JwtRefresh>;
