using System.Threading.Channels;

namespace AuthServer.Strategies.Actors;

internal enum PostResult
{
    Accepted,
    Full,
    Closed,
}

/// <summary>A bounded queue with one reader: the loop never dies on one bad message and retires itself when idle.</summary>
internal sealed class UserMailbox(string userId, UserActors owner)
{
    private readonly Channel<IMailboxItem> channel = Channel.CreateBounded<IMailboxItem>(
        new BoundedChannelOptions(UserActors.MailboxCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private volatile bool closed;

    public string UserId { get; } = userId;

    /// <summary>Ends when the loop has left: closed and every accepted item run.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Starts the one loop; called once, by the registry, for the mailbox it published.</summary>
    public void Start() => Completion = Task.Run(PumpAsync);

    public PostResult TryPost(IMailboxItem item) =>
        channel.Writer.TryWrite(item) ? PostResult.Accepted : closed ? PostResult.Closed : PostResult.Full;

    public void Close()
    {
        closed = true;
        channel.Writer.TryComplete();
    }

    private async Task PumpAsync()
    {
        owner.PumpStarted();
        try
        {
            await DrainUntilClosedAsync();
        }
        finally
        {
            owner.PumpEnded();
        }
    }

    private async Task DrainUntilClosedAsync()
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
                    // Closed either way: a mailbox shutdown already removed is closed by the shutdown too.
                    owner.TryRetire(this);
                    Close();
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
            await item.RunAsync();
        }
        catch (Exception ex)
        {
            // Whatever failed, the caller hears of it and the loop goes on with the next message.
            item.Fail(ex);
            ActorLog.MessageFailed(owner.Logger, ex);
        }
    }
}
