using System.Net;
using AuthServer.Strategies.Options;
using AuthServer.Strategies.Telemetry;
using AuthServer.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AuthServer.Tests.Redis;

/// <summary>redis-session feeds the meter too: authentications, session lookups, Redis latency and the live-session gauge.</summary>
public sealed class SessionMetricsTests : IDisposable
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    private readonly RedisStrategyServer server;
    private readonly ApiClient api;

    public SessionMetricsTests()
    {
        server = new RedisStrategyServer(StrategyNames.RedisSession, time: time);
        api = new ApiClient(server.CreateClient());
    }

    [Fact]
    public async Task SessionRequests_AreCounted_AndRedisCallsTimed()
    {
        var meters = server.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var authentications = new MetricCollector<long>(meters, AuthMetrics.MeterName, "authserver.authentications");
        using var checks = new MetricCollector<long>(meters, AuthMetrics.MeterName, "authserver.revocation_checks");
        using var redis = new MetricCollector<double>(meters, AuthMetrics.MeterName, "authserver.redis.duration");
        var (_, tokens) = await api.SignUpAsync("metrics");
        var session = tokens.Str("access_token");

        Assert.Equal(HttpStatusCode.OK, (await api.GetProfileAsync(session)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetProfileAsync(session)).StatusCode);
        (await api.LogoutAsync(session)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetProfileAsync(session)).StatusCode);

        // Observed at collection: each result once, with its total.
        authentications.RecordObservableInstruments();
        checks.RecordObservableInstruments();
        var results = authentications.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags["result"]!, m => m.Value);
        Assert.Equal(3, results[AuthResults.Success]);
        Assert.Equal(1, results[AuthResults.Revoked]);
        Assert.Equal(4, checks.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Contains(redis.GetMeasurementSnapshot(), m => (string?)m.Tags["operation"] == "FindAsync" && m.Value > 0);
    }

    [Fact]
    public async Task ActiveSessions_AreCountedInRedis()
    {
        var meters = server.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var active = new MetricCollector<long>(meters, AuthMetrics.MeterName, "authserver.sessions.active");
        var (username, _) = await api.SignUpAsync("gauge");
        await api.LoginOkAsync(username);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (active.LastMeasurement?.Value != 2)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The gauge reads {active.LastMeasurement?.Value}, not 2.");
            time.Advance(TimeSpan.FromSeconds(31));
            await Task.Delay(100);
        }
    }

    public void Dispose() => server.Dispose();
}
