using AuthServer.Strategies.Actors;
using AuthServer.Strategies.Persistence;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AuthServer.Tests.Hosting;

/// <summary>The per-user mailbox: one message at a time per user, a failure does not stop it, idle mailboxes go away.</summary>
public sealed partial class UserActorsTests : IAsyncDisposable
{
    private readonly FakeTimeProvider time = new();
    private readonly UserActors actors;

    public UserActorsTests()
    {
        // A fixed server secret: the users' tags, and so which users share a mailbox, are the same on every run.
        var secrets = new ServerSecrets();
        secrets.Load(new byte[32]);
        actors = new UserActors(new UserTags(secrets), time, NullLogger<UserActors>.Instance);
    }

    [Fact]
    public async Task OneUsersMessages_RunOneAtATime_InOrder()
    {
        var running = 0;
        var maxRunning = 0;
        var order = new List<int>();

        var work = Enumerable.Range(0, 20).Select(i => actors.RunAsync("alice", async ct =>
        {
            var now = Interlocked.Increment(ref running);
            maxRunning = Math.Max(maxRunning, now);
            await Task.Delay(2, ct);
            order.Add(i);
            Interlocked.Decrement(ref running);
            return i;
        }, default)).ToArray();
        await Task.WhenAll(work);

        Assert.Equal(1, maxRunning);
        Assert.Equal(Enumerable.Range(0, 20), order);
    }

    [Fact]
    public async Task DifferentUsers_RunConcurrently()
    {
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocked = actors.RunAsync("alice", _ => gate.Task, default);

        var other = await actors.RunAsync("bob", _ => Task.FromResult(7), default).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(7, other);
        gate.SetResult(1);
        Assert.Equal(1, await blocked);
    }

    [Fact]
    public async Task AFailingMessage_ReachesItsCaller_AndTheMailboxGoesOn()
    {
        var failing = actors.RunAsync<int>("alice", _ => throw new InvalidOperationException("boom"), default);

        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal(2, await actors.RunAsync("alice", _ => Task.FromResult(2), default));
    }

    [Fact]
    public async Task IdleMailbox_IsDropped_AndANewOneServesLaterWork()
    {
        await actors.RunAsync("alice", _ => Task.FromResult(1), default);
        Assert.Equal(1, actors.Count);

        // Advanced repeatedly: the pump arms its idle timer only once it is waiting again.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (actors.Count != 0 && DateTime.UtcNow < deadline)
        {
            time.Advance(UserActors.IdleTimeout + TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }

        Assert.Equal(0, actors.Count);
        Assert.Equal(3, await actors.RunAsync("alice", _ => Task.FromResult(3), default));
    }

    public async ValueTask DisposeAsync() => await actors.DisposeAsync();
}
