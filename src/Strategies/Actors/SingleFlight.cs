using System.Collections.Concurrent;

namespace AuthServer.Strategies.Actors;

/// <summary>
/// Identical requests in flight together share one execution (single flight): the first starts the work, those arriving
/// before it ends get its result instead of repeating it. Only overlap is coalesced, nothing is cached: a request arriving
/// once the work has ended starts it again. The work runs to its end even if the request that started it goes away,
/// since others may be waiting for it; each caller stops waiting on its own cancellation.
/// </summary>
internal sealed class SingleFlight<T>(Action? joined = null)
{
    private readonly ConcurrentDictionary<string, Task<T>> running = new(StringComparer.Ordinal);

    /// <summary>Works in flight now (for tests).</summary>
    public int Count => running.Count;

    public Task<T> RunAsync(string key, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        if (!running.TryGetValue(key, out var flight))
        {
            var mine = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            flight = running.GetOrAdd(key, mine.Task);
            if (flight == mine.Task)
            {
                _ = LeadAsync(key, mine, work);
                return flight.WaitAsync(cancellationToken);
            }
        }

        joined?.Invoke();
        return flight.WaitAsync(cancellationToken);
    }

    private async Task LeadAsync(string key, TaskCompletionSource<T> flight, Func<Task<T>> work)
    {
        try
        {
            flight.TrySetResult(await work());
        }
        catch (Exception ex)
        {
            flight.TrySetException(ex);
        }
        finally
        {
            // After the result is set: a request arriving in between still gets this result rather than a second run.
            running.TryRemove(new KeyValuePair<string, Task<T>>(key, flight.Task));
        }
    }
}
