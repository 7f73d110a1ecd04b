using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthServer.Strategies.Options;
using AuthServer.Tests.Infrastructure;

namespace AuthServer.Tests.Introspection;

/// <summary>Who may introspect and how often (which client settings stop the server at start: tests/AuthServer.SystemTests, IntrospectionStartupTests).</summary>
public sealed class IntrospectionAccessTests
{
    [Fact]
    public async Task NoClientConfigured_RefusesEveryone()
    {
        using var server = new AuthServerFactory(StrategyNames.StatelessJwt);
        var api = new ApiClient(server.CreateClient());
        var (_, tokens) = await api.SignUpAsync("nobody");

        var response = await IntrospectionCaller.PostAsync(api.Http, tokens.Str("access_token"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Introspection:Clients", (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("error_description"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneCallerOverItsRate_Gets429WithRetryAfter_WhileAnotherCallerIsServed()
    {
        var settings = IntrospectionCaller.Settings();
        settings["Introspection:Clients:1:Id"] = "billing-api";
        settings["Introspection:Clients:1:Secret"] = "9c4e1a7f3b0d5e2c8a6f4d1b7e3c0a95";
        settings["Introspection:RequestsPerSecond"] = "2";
        using var server = new AuthServerFactory(StrategyNames.StatelessJwt, settings);
        var http = server.CreateClient();

        var first = await IntrospectionCaller.PostAsync(http, "garbage");
        HttpResponseMessage limited;
        var calls = 1;
        do
        {
            limited = await IntrospectionCaller.PostAsync(http, "garbage");
        }
        while (limited.StatusCode == HttpStatusCode.OK && ++calls < 50);

        var other = await IntrospectionCaller.PostAsync(http, "garbage", id: "billing-api", secret: "9c4e1a7f3b0d5e2c8a6f4d1b7e3c0a95");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(calls, 2, 49);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }
}
