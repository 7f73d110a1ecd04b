using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.Strategies.Actors;

internal enum PostResult
{
    Accepted,
    Full,
    Closed,
}

/// <summary>A bounded queue with one reader: the loop never dies on one bad message and retires itself when idle.</summary>
internal sealed class UserMailbox
{
    private readonly Channel<IMailboxItem> channel = Channel.CreateBounded<IMailboxItem>(
        new BoundedChannelOptions(UserActors.MailboxCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly UserActors owner;
    private volatile bool closed;

    public UserMailbox(string userId, UserActors owner)
    {
        UserId = userId;
        this.owner = owner;
        Completion = Task.Run(PumpAsync);
    }

    public string UserId { get; }

    public Task Completion { get; }

    public PostResult TryPost(IMailboxItem item) =>
        channel.Writer.TryWrite(item) ? PostResult.Accepted : closed ? PostResult.Closed : PostResult.Full;

    public void Close()
    {
        closed = true;
        channel.Writer.TryComplete();
    }

    private async Task PumpAsync()
    {
        var reader = channel.Reader;
        while (true)
        {
            bool hasWork;
            using (var idle = new CancellationTokenSource(UserActors.IdleTimeout, owner.Time))
            {
                try
                {
                    hasWork = await reader.WaitToReadAsync(idle.Token);
                }
                catch (OperationCanceledException)
                {
                    // Idle: leave the registry first, so new work goes to a fresh mailbox, then finish what is queued.
                    if (owner.TryRetire(this))
                    {
                        Close();
                    }

                    continue;
                }
            }

            if (!hasWork)
            {
                return;
            }

            while (reader.TryRead(out var item))
            {
                await RunOneAsync(item);
            }
        }
    }

    private async Task RunOneAsync(IMailboxItem item)
    {
        try
        {
            await using var scope = owner.Scopes.CreateAsyncScope();
            await item.RunAsync(scope.ServiceProvider);
        }
        catch (Exception ex)
        {
            // Whatever failed, the caller hears of it and the loop goes on with the next message.
            item.Fail(ex);
            ActorLog.MessageFailed(owner.Logger, ex);
        }
    }
}
