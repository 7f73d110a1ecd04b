using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using AuthServer.Strategies.Options;
using Microsoft.Extensions.Options;

namespace AuthServer.Strategies.Telemetry;

/// <summary>
/// The <c>AuthServer</c> meter. Every measurement carries the running strategy. What every request records
/// (authentications, revocation checks) is counted in process and observed at collection (<see cref="ObservedCounts"/>),
/// so the hot path neither allocates nor pays the SDK's per-measurement lookup.
/// </summary>
public sealed class AuthMetrics
{
    public const string MeterName = "AuthServer";

    private static readonly double[] RedisBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    private readonly string strategy;
    private readonly ObservedCounts authentications;
    private readonly ObservedCounts revocationChecks;
    private readonly Counter<long> rotations;
    private readonly Counter<long> reuseDetections;
    private readonly Counter<long> graceReplays;
    private readonly Counter<long> refreshesCoalesced;
    private readonly Counter<long> logins;
    private readonly Counter<long> signOuts;
    private readonly Histogram<double> redisDuration;
    private readonly Gauge<long> activeSessions;
    private readonly StrongBox<long> authenticationSucceeded;
    private readonly StrongBox<long>[] revocationCheckCounts;
    private readonly KeyValuePair<string, object?>[] strategyOnly;

    public AuthMetrics(IMeterFactory meters, IOptions<AuthOptions> options)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(options);
        strategy = options.Value.Strategy;
        var meter = meters.Create(MeterName);
        authentications = new ObservedCounts(strategy);
        revocationChecks = new ObservedCounts(strategy);
        meter.CreateObservableCounter("authserver.authentications", authentications.Observe, "{authentication}", "Credentials checked on requests, by result (success or the failure reason).");
        meter.CreateObservableCounter("authserver.revocation_checks", revocationChecks.Observe, "{check}", "Lookups asking whether a valid credential has been revoked, by outcome.");
        rotations = meter.CreateCounter<long>("authserver.refresh.rotations", "{rotation}", "Refresh tokens exchanged for a new one.");
        reuseDetections = meter.CreateCounter<long>("authserver.refresh.reuse_detections", "{detection}", "Used refresh tokens presented again; each revoked its family.");
        graceReplays = meter.CreateCounter<long>("authserver.refresh.grace_replays", "{replay}", "The refresh token just rotated, presented again within Auth:RefreshReuseGrace and given the same successor.");
        refreshesCoalesced = meter.CreateCounter<long>("authserver.refresh.coalesced", "{refresh}",
            "Refreshes that presented a token while a rotation of it was in flight on this instance and were given that rotation's answer.");
        logins = meter.CreateCounter<long>("authserver.logins", "{login}", "Password logins, by result.");
        signOuts = meter.CreateCounter<long>("authserver.signouts", "{signout}", "Logouts and revocations, by kind and whether anything was revoked.");
        redisDuration = meter.CreateHistogram("authserver.redis.duration", "s", "Duration of Redis calls made by the strategy.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RedisBuckets });
        activeSessions = meter.CreateGauge<long>("authserver.sessions.active", "{session}", "Live sessions as the session store counts them.");

        strategyOnly = [new(MetricTags.Strategy, strategy)];
        authenticationSucceeded = authentications.For(AuthResults.Success);
        revocationCheckCounts = [.. Enum.GetValues<RevocationCheckOutcome>().Select(o => revocationChecks.For(MetricTags.Name(o)))];
    }

    /// <summary>A credential was accepted (the hot path: an increment, no allocation).</summary>
    public void AuthenticationSucceeded() => ObservedCounts.Increment(authenticationSucceeded);

    /// <summary>A credential was refused; <paramref name="reason"/> is one of <see cref="AuthResults"/>.</summary>
    public void AuthenticationFailed(string reason) => authentications.Increment(reason);

    /// <summary>One revocation lookup for a credential whose signature and claims were valid.</summary>
    public void RevocationChecked(RevocationCheckOutcome outcome) => ObservedCounts.Increment(revocationCheckCounts[(int)outcome]);

    public void RefreshRotated() => rotations.Add(1, strategyOnly);

    public void RefreshReuseDetected() => reuseDetections.Add(1, strategyOnly);

    public void RefreshGraceReplayed() => graceReplays.Add(1, strategyOnly);

    public void RefreshCoalesced() => refreshesCoalesced.Add(1, strategyOnly);

    public void LoginAttempted(LoginResult result) =>
        logins.Add(1, new KeyValuePair<string, object?>(MetricTags.Strategy, strategy), new KeyValuePair<string, object?>(MetricTags.Result, MetricTags.Name(result)));

    /// <summary>A logout, logout-all, RFC 7009 revocation or admin revocation.</summary>
    public void SignedOut(SignOutKind kind, bool revoked) =>
        signOuts.Add(1, new KeyValuePair<string, object?>(MetricTags.Strategy, strategy), new KeyValuePair<string, object?>(MetricTags.Kind, MetricTags.Name(kind)),
            new KeyValuePair<string, object?>(MetricTags.Revoked, revoked));

    /// <summary>
    /// One Redis call, timed by the caller (<c>Stopwatch.GetTimestamp()</c> before, <c>Stopwatch.GetElapsedTime</c> after);
    /// <paramref name="operation"/> is a short fixed name ("get", "set", "eval"), never a key.
    /// </summary>
    public void RedisCallCompleted(string operation, TimeSpan elapsed, bool succeeded) =>
        redisDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>(MetricTags.Strategy, strategy),
            new KeyValuePair<string, object?>(MetricTags.Operation, operation), new KeyValuePair<string, object?>(MetricTags.Succeeded, succeeded));

    /// <summary>The number of live sessions as the store reports it, so every instance exports the same figure.</summary>
    public void ActiveSessionsObserved(long count) => activeSessions.Record(count, strategyOnly);
}
