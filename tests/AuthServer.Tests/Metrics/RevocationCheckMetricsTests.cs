using System.Net;
using System.Security.Claims;
using AuthServer.Strategies.Authentication;
using AuthServer.Strategies.Options;
using AuthServer.Strategies.Telemetry;
using AuthServer.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AuthServer.Tests.Metrics;

/// <summary>
/// The bearer authentication handler counts each revocation lookup and its outcome: what jwt-blacklist's hot path
/// reports. A revocation check that refuses users named "revoked-…" stands in for Redis here.
/// </summary>
public sealed class RevocationCheckMetricsTests
{
    [Fact]
    public async Task RevocationCheck_CountsPassedAndRevoked_WithTheAuthentications()
    {
        using var factory = new AuthServerFactory(StrategyNames.StatelessJwt);
        using var server = factory.WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => services.AddSingleton<IAccessTokenRevocationCheck, RefuseNamedRevoked>()));
        var api = new ApiClient(server.CreateClient());
        var meters = server.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var checks = new MetricCollector<long>(meters, AuthMetrics.MeterName, "authserver.revocation_checks");
        using var authentications = new MetricCollector<long>(meters, AuthMetrics.MeterName, "authserver.authentications");

        var (_, kept) = await api.SignUpAsync("kept");
        var (_, revoked) = await api.SignUpAsync("revoked");
        Assert.Equal(HttpStatusCode.OK, (await api.GetProfileAsync(kept.Str("access_token"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetProfileAsync(revoked.Str("access_token"))).StatusCode);

        Assert.Equal(1, Count(checks, "passed"));
        Assert.Equal(1, Count(checks, "revoked"));
        Assert.Equal(1, Count(authentications, AuthResults.Success));
        Assert.Equal(1, Count(authentications, AuthResults.Revoked));
    }

    // The counters are observed at collection, each observation a total so far: one fresh collection per question.
    private static long Count(MetricCollector<long> collector, string result)
    {
        collector.RecordObservableInstruments();
        return collector.GetMeasurementSnapshot(clear: true)
            .Where(m => Equals(m.Tags["result"], result) && Equals(m.Tags["strategy"], StrategyNames.StatelessJwt))
            .Sum(m => m.Value);
    }

    private sealed class RefuseNamedRevoked : IAccessTokenRevocationCheck
    {
        public ValueTask<string?> CheckAsync(JsonWebToken token, ClaimsPrincipal principal, CancellationToken cancellationToken) =>
            ValueTask.FromResult(principal.FindFirstValue("name")!.StartsWith("revoked-", StringComparison.Ordinal) ? "the token has been revoked" : null);
    }
}
