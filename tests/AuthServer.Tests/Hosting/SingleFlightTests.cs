using AuthServer.Strategies.Actors;

namespace AuthServer.Tests.Hosting;

/// <summary>Identical requests in flight together share one run; nothing outlives the run.</summary>
public sealed class SingleFlightTests
{
    private int joins;

    [Fact]
    public async Task OverlappingCalls_ShareOneRun_AndACallAfterItEnded_RunsAgain()
    {
        var flights = new SingleFlight<int>(() => Interlocked.Increment(ref joins));
        var runs = 0;
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int> Work()
        {
            Interlocked.Increment(ref runs);
            return gate.Task;
        }

        var calls = Enumerable.Range(0, 5).Select(_ => flights.RunAsync("token", Work, default)).ToArray();
        Assert.Equal(1, flights.Count);
        gate.SetResult(42);

        Assert.All(await Task.WhenAll(calls), r => Assert.Equal(42, r));
        Assert.Equal((1, 4), (runs, joins));
        await EndedAsync(flights);
        Assert.Equal(7, await flights.RunAsync("token", () => Task.FromResult(7), default));
    }

    [Fact]
    public async Task DifferentKeys_RunSeparately()
    {
        var flights = new SingleFlight<string>();

        var results = await Task.WhenAll(flights.RunAsync("a", () => Task.FromResult("a"), default), flights.RunAsync("b", () => Task.FromResult("b"), default));

        Assert.Equal(["a", "b"], results);
    }

    [Fact]
    public async Task ACallerThatGivesUp_LeavesTheRunToTheOthers()
    {
        var flights = new SingleFlight<int>();
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var leaving = new CancellationTokenSource();
        var first = flights.RunAsync("token", () => gate.Task, leaving.Token);
        var second = flights.RunAsync("token", () => Task.FromResult(-1), default);

        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        gate.SetResult(42);

        Assert.Equal(42, await second);
    }

    [Fact]
    public async Task AFailure_ReachesEveryCaller_AndTheNextCallRunsAfresh()
    {
        var flights = new SingleFlight<int>();
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = new[] { flights.RunAsync("token", () => gate.Task, default), flights.RunAsync("token", () => gate.Task, default) };

        gate.SetException(new TimeoutException("store down"));

        foreach (var call in calls)
        {
            await Assert.ThrowsAsync<TimeoutException>(() => call);
        }

        await EndedAsync(flights);
        Assert.Equal(1, await flights.RunAsync("token", () => Task.FromResult(1), default));
    }

    // The run leaves the registry just after its callers are answered (a call in between still gets its answer).
    private static async Task EndedAsync<T>(SingleFlight<T> flights)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (flights.Count != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the run never left the registry");
            await Task.Delay(1);
        }
    }
}
