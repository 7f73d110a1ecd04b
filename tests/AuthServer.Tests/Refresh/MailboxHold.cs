using AuthServer.Strategies.Actors;
using AuthServer.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.Tests.Refresh;

/// <summary>Keeps a user's mailbox busy with an item of the test's own, so requests for that user line up behind it.</summary>
internal sealed class MailboxHold : IAsyncDisposable
{
    private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task<bool> held = Task.FromResult(true);

    private MailboxHold(UserActors actors) => Actors = actors;

    public UserActors Actors { get; }

    public static async Task<MailboxHold> StartAsync(AuthServerFactory server, string userId)
    {
        var hold = new MailboxHold(server.Services.GetRequiredService<UserActors>());
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hold.held = hold.Actors.RunAsync(userId, async _ =>
        {
            running.SetResult();
            await hold.release.Task;
            return true;
        }, default);
        await running.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return hold;
    }

    /// <summary>Waits until <paramref name="count"/> items of the user wait behind the hold (10 s at most).</summary>
    public async Task WaitForQueuedAsync(string userId, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Actors.Queued(userId) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{Actors.Queued(userId)} of {count} items reached the mailbox within 10 s.");
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        release.TrySetResult();
        await held;
    }
}
