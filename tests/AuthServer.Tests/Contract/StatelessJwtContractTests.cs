using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthServer.Tests.Infrastructure;

namespace AuthServer.Tests.Contract;

public sealed class StatelessJwtServer() : AuthServerFactory("stateless-jwt");

/// <summary>The contract for stateless-jwt on SQLite, the default store.</summary>
public sealed class StatelessJwtContractTests(StatelessJwtServer server) : StatelessJwtContract(server), IClassFixture<StatelessJwtServer>;

/// <summary>Every stateless-jwt row of the contract; run against each store (see <c>Postgres/PostgresContractTests</c>).</summary>
public abstract class StatelessJwtContract(AuthServerFactory server) : StrategyContractTests(server)
{
    protected override bool Revocable => false;

    protected override bool HasRefreshTokens => false;

    protected override bool NeedsRedis => false;

    protected override long ExpectedExpiresInSeconds => 3600;

    [SkippableFact]
    public async Task Logout_SaysNothingWasRevokedAndUntilWhenTheTokenWorks()
    {
        var (_, tokens) = await Api.SignUpAsync();
        var access = tokens.Str("access_token");
        var profile = await (await Api.GetProfileAsync(access)).Content.ReadFromJsonAsync<JsonElement>();

        var body = await (await Api.LogoutAsync(access)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.False(body.GetProperty("revoked").GetBoolean());
        Assert.Equal(profile.GetProperty("expires_at").GetDateTimeOffset(), body.GetProperty("access_token_valid_until").GetDateTimeOffset());
    }

    [SkippableFact]
    public async Task Revoke_AnyToken_Returns400UnsupportedTokenType()
    {
        var (_, tokens) = await Api.SignUpAsync();

        var response = await Api.RevokeAsync(tokens.Str("access_token"), "access_token");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unsupported_token_type", (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("error"));
    }
}
