using AuthServer.Strategies.Actors;

namespace AuthServer.Tests.Hosting;

/// <summary>The mailbox registry's lifecycle: one pump per user however the first posts race, none left after idling or shutdown.</summary>
public sealed partial class UserActorsTests
{
    [Fact]
    public async Task RacingFirstPosts_StartOnePumpPerUser_AndEveryPumpEndsWhenIdle()
    {
        const int users = 2_000;
        var threads = Math.Max(4, Environment.ProcessorCount * 2);
        using var start = new Barrier(threads);

        // Every thread posts to the same users in the same order, so first posts to one user meet often.
        var posters = Enumerable.Range(0, threads).Select(_ => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                // By tag: each of these names its own mailbox (user ids could share a tag, and so a mailbox).
                return Enumerable.Range(0, users).Select(u => actors.RunForTagAsync($"user-{u}", _ => Task.FromResult(u), default)).ToArray();
            },
            TaskCreationOptions.LongRunning)).ToArray();
        var posted = (await Task.WhenAll(posters)).SelectMany(t => t);
        await Task.WhenAll(posted).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(users, actors.Count);
        Assert.Equal(users, actors.Pumps);

        await IdleUntilEmptyAsync();
        Assert.Equal(0, actors.Count);
        await WaitForAsync(() => actors.Pumps == 0);
        Assert.Equal(0, actors.Pumps);
    }

    [Fact]
    public async Task APostDuringShutdown_IsAnsweredAtOnce_AndQueuedWorkStillFinishes()
    {
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var queued = actors.RunAsync("alice", _ => gate.Task, default);
        var disposing = actors.DisposeAsync().AsTask();

        // Posted on another thread: a registry that spins on its closed mailbox would otherwise hang this test.
        var late = Task.Run(() => actors.RunAsync("alice", _ => Task.FromResult(2), default));
        var refused = await Assert.ThrowsAsync<ActorBusyException>(() => late.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Contains("shutting down", refused.Message, StringComparison.Ordinal);
        var other = Task.Run(() => actors.RunAsync("bob", _ => Task.FromResult(3), default));
        await Assert.ThrowsAsync<ActorBusyException>(() => other.WaitAsync(TimeSpan.FromSeconds(5)));

        Assert.False(disposing.IsCompleted);
        gate.SetResult(1);
        Assert.Equal(1, await queued.WaitAsync(TimeSpan.FromSeconds(5)));
        await disposing.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, actors.Count);
        Assert.Equal(0, actors.Pumps);
    }

    private async Task IdleUntilEmptyAsync()
    {
        // Advanced repeatedly: each pump arms its idle timer only once it is waiting again.
        await WaitForAsync(() =>
        {
            time.Advance(UserActors.IdleTimeout + TimeSpan.FromSeconds(1));
            return actors.Count == 0;
        });
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
    }
}
