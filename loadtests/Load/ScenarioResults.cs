namespace LoadTests.Load;

/// <summary>A closed-loop throughput measurement: fixed concurrency for a fixed time.</summary>
public sealed record ThroughputResult(
    string Name, int Concurrency, double Seconds, long Succeeded, long Failed,
    double RatePerSecond, LatencySummary Latency, IReadOnlyDictionary<string, long> Statuses);

/// <summary>Logout on one instance, then how long the same credential kept working on another.</summary>
/// <param name="Samples">logouts measured</param>
/// <param name="Refused">samples whose credential was refused (401) on instance B within the poll limit</param>
/// <param name="StillAccepted">samples still answered 200 when the poll limit ran out</param>
/// <param name="PollLimitMs">how long instance B was polled after each logout</param>
/// <param name="Delay">logout sent on A until the first 401 on B, over the refused samples</param>
/// <param name="RefreshChecked">samples that had a refresh token to try on B after the logout</param>
/// <param name="RefreshRefused">of those, how many were refused at once</param>
/// <param name="SetupFailures">samples lost before the logout (login failed, B refused the fresh credential)</param>
public sealed record RevocationResult(
    int Samples, int Refused, int StillAccepted, double PollLimitMs, LatencySummary Delay,
    int RefreshChecked, int RefreshRefused, int SetupFailures);

/// <summary>One second of a timeline run: responses counted by class at completion time.</summary>
public sealed record TimelineSecond(int Second, long Ok, long Unauthorized, long Unavailable, long Other, long Errors);

/// <summary>Something the timeline run did to the world (kill Redis, restart it) and when.</summary>
public sealed record TimelineEvent(double AtSeconds, string What);

/// <summary>Steady /profile load with events in between, second by second.</summary>
public sealed record TimelineResult(
    int Concurrency, IReadOnlyList<TimelineSecond> Seconds, IReadOnlyList<TimelineEvent> Events, long Relogins);

/// <summary>An action the timeline run performs at a given time after its start.</summary>
public sealed record TimelineAction(TimeSpan At, string What, Func<Task> Action);
