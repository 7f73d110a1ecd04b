using System.Diagnostics.Metrics;
using AuthServer.Strategies.Options;
using AuthServer.Strategies.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;

namespace AuthServer.Tests.Metrics;

/// <summary>The measurements the Redis strategies report through <see cref="AuthMetrics"/>: call latency and live sessions.</summary>
public sealed class AuthMetricsTests : IDisposable
{
    private readonly ServiceProvider services;
    private readonly AuthMetrics metrics;
    private readonly IMeterFactory meters;

    public AuthMetricsTests()
    {
        services = new ServiceCollection()
            .AddMetrics()
            .AddSingleton(Options.Create(new AuthOptions { Strategy = StrategyNames.RedisSession }))
            .AddSingleton<AuthMetrics>()
            .BuildServiceProvider();
        meters = services.GetRequiredService<IMeterFactory>();
        metrics = services.GetRequiredService<AuthMetrics>();
    }

    public void Dispose() => services.Dispose();

    [Fact]
    public void RedisCallCompleted_RecordsSecondsWithOperationAndOutcome()
    {
        using var duration = new MetricCollector<double>(meters, AuthMetrics.MeterName, "authserver.redis.duration");

        metrics.RedisCallCompleted("get", TimeSpan.FromMilliseconds(1.5), succeeded: true);
        metrics.RedisCallCompleted("eval", TimeSpan.FromMilliseconds(40), succeeded: false);

        var recorded = duration.GetMeasurementSnapshot();
        Assert.Equal(2, recorded.Count);
        Assert.Equal(0.0015, recorded[0].Value, precision: 6);
        Assert.Equal("get", recorded[0].Tags["operation"]);
        Assert.Equal(true, recorded[0].Tags["succeeded"]);
        Assert.Equal(false, recorded[1].Tags["succeeded"]);
        Assert.All(recorded, m => Assert.Equal(StrategyNames.RedisSession, m.Tags["strategy"]));
        Assert.Equal("s", duration.Instrument!.Unit);
    }

    [Fact]
    public void ActiveSessionsObserved_ReportsTheLatestCount()
    {
        using var sessions = new MetricCollector<long>(meters, AuthMetrics.MeterName, "authserver.sessions.active");

        metrics.ActiveSessionsObserved(3);
        metrics.ActiveSessionsObserved(2);

        Assert.Equal(2, sessions.LastMeasurement!.Value);
        Assert.Equal(StrategyNames.RedisSession, sessions.LastMeasurement.Tags["strategy"]);
    }

    [Fact]
    public void SuccessfulAuthentication_CarriesStrategyAndResult()
    {
        using var authentications = new MetricCollector<long>(meters, AuthMetrics.MeterName, "authserver.authentications");

        metrics.AuthenticationSucceeded();
        metrics.AuthenticationFailed(AuthResults.Unknown);
        authentications.RecordObservableInstruments();

        var recorded = authentications.GetMeasurementSnapshot();
        Assert.Equal([AuthResults.Success, AuthResults.Unknown], recorded.Select(m => (string?)m.Tags["result"]).Order());
        Assert.All(recorded, m => Assert.Equal(1, m.Value));
        Assert.All(recorded, m => Assert.Equal(StrategyNames.RedisSession, m.Tags["strategy"]));
    }

    [Fact]
    public void AuthenticationSucceeded_WhileListenedTo_AllocatesNothing_AndIsCollected()
    {
        long seen = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                // This test's meter only: other tests' servers count authentications in the same process meanwhile.
                if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Meter.Name == AuthMetrics.MeterName && instrument.Name == "authserver.authentications")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => seen += value);
        listener.Start();
        metrics.AuthenticationSucceeded();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            metrics.AuthenticationSucceeded();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        // Counted in process, read when metrics are collected (a Prometheus scrape): the total so far.
        listener.RecordObservableInstruments();
        Assert.Equal(1001, seen);
    }
}
