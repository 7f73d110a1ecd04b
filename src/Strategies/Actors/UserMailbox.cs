using System.Threading.Channels;

namespace AuthServer.Strategies.Actors;

internal enum PostResult
{
    Accepted,
    Full,
    Closed,
}

/// <summary>A bounded queue with one reader: the loop never dies on one bad message and retires itself when idle.</summary>
internal sealed class UserMailbox(string tag, UserActors owner)
{
    // The mailbox whose item runs on this async flow (set for the item's duration, restored after it).
    private static readonly AsyncLocal<string?> Current = new();

    private readonly Channel<IMailboxItem> channel = Channel.CreateBounded<IMailboxItem>(
        new BoundedChannelOptions(UserActors.MailboxCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private volatile bool closed;

    /// <summary>The tag naming this mailbox (<see cref="UserTags"/>).</summary>
    public string Tag { get; } = tag;

    /// <summary>The tag of the mailbox whose item is running on the calling flow, if any.</summary>
    public static string? Running => Current.Value;

    /// <summary>Ends when the loop has left: closed and every accepted item run.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Starts the one loop; called once, by the registry, for the mailbox it published.</summary>
    public void Start()
    {
        // The loop outlives the request that opened the mailbox: it takes nothing from it (its trace, its mailbox).
        using (ExecutionContext.SuppressFlow())
        {
            Completion = Task.Run(PumpAsync);
        }
    }

    /// <summary>Items waiting for their turn (not the one running).</summary>
    public int Queued => channel.Reader.Count;

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
            using (var idle = new CancellationTokenSource(owner.IdleTimeoutNow, owner.Time))
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
        // Seen by the item's work and what it awaits; an async method's change to it ends with the method.
        Current.Value = Tag;
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
