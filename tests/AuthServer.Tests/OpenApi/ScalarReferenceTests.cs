using System.Net;
using AuthServer.Strategies.Options;
using AuthServer.Tests.Infrastructure;

namespace AuthServer.Tests.OpenApi;

/// <summary>The Scalar reference UI is a development aid: served in Development, absent elsewhere; the document is always served.</summary>
public sealed class ScalarReferenceTests
{
    [Theory]
    [InlineData("Development", HttpStatusCode.OK)]
    [InlineData("Production", HttpStatusCode.NotFound)]
    public async Task Scalar_ServedOnlyInDevelopment(string environment, HttpStatusCode expected)
    {
        using var server = new AuthServerFactory(StrategyNames.StatelessJwt, environment: environment);
        using var http = server.CreateClient();

        Assert.Equal(expected, (await http.GetAsync("/scalar/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task Scalar_NeedsNothingFromTheInternet()
    {
        using var server = new AuthServerFactory(StrategyNames.StatelessJwt);
        using var http = server.CreateClient();

        var page = await http.GetStringAsync("/scalar/");

        Assert.DoesNotContain("https://", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/scalar/scalar.js")).StatusCode);
    }
}
