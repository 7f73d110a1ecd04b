using AuthServer.Strategies.Actors;

namespace AuthServer.Tests.Hosting;

/// <summary>Work composed of several changes of one user runs as one item: a post to its own mailbox runs inline.</summary>
public sealed partial class UserActorsTests
{
    [Fact]
    public async Task WorkPostingToItsOwnMailbox_RunsInline_InsteadOfWaitingForItself()
    {
        var inner = actors.RunAsync("alice", async ct => await actors.RunAsync("alice", _ => Task.FromResult(2), ct) + 1, default);

        Assert.Equal(3, await inner.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task AnItemComposedOfSeveralChanges_IsNotInterleavedWithAnotherItem()
    {
        var order = new List<string>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var composed = actors.RunAsync("alice", async ct =>
        {
            order.Add("change");
            await gate.Task;
            return await actors.RunAsync("alice", _ =>
            {
                order.Add("revoke");
                return Task.FromResult(true);
            }, ct);
        }, default);
        var other = actors.RunAsync("alice", _ =>
        {
            order.Add("sign-in");
            return Task.FromResult(true);
        }, default);

        gate.SetResult();
        await Task.WhenAll(composed, other).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(["change", "revoke", "sign-in"], order);
    }

    [Fact]
    public async Task TheMarkOfAMailbox_EndsWithItsItem_AndDoesNotReachItsCaller()
    {
        await actors.RunAsync("alice", _ => Task.FromResult(1), default);

        Assert.Null(UserMailbox.Running);
        // Nested in another user's item, a post to alice's mailbox queues as usual (it is not alice's turn).
        Assert.Equal(5, await actors.RunAsync("bob", _ => actors.RunAsync("alice", _ => Task.FromResult(5), default), default).WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
