using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuthServer.Strategies.Actors;

/// <summary>
/// One mailbox per user for changes to that user's auth state (sign-in, rotation, sign-out, revoke-all),
/// created on demand and dropped when idle. It orders work inside this process only: the stores
/// still guard races between processes with conditional writes.
/// </summary>
internal sealed class UserActors(IServiceScopeFactory scopes, TimeProvider time, ILogger<UserActors> logger) : IAsyncDisposable
{
    internal static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);
    internal const int MailboxCapacity = 256;

    private readonly ConcurrentDictionary<string, UserMailbox> mailboxes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();

    /// <summary>Number of live mailboxes (for tests and metrics).</summary>
    public int Count => mailboxes.Count;

    /// <summary>Runs <paramref name="work"/> in the user's mailbox, in a DI scope of its own, after the work queued before it.</summary>
    public Task<T> RunAsync<T>(string userId, Func<IServiceProvider, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(stopping.IsCancellationRequested, this);
        var item = new MailboxItem<T>(work, cancellationToken);
        while (true)
        {
            var mailbox = mailboxes.GetOrAdd(userId, id => new UserMailbox(id, this));
            switch (mailbox.TryPost(item))
            {
                case PostResult.Accepted:
                    return item.Completion;
                case PostResult.Full:
                    throw new ActorBusyException();
                case PostResult.Closed:
                    // The mailbox went idle and closed between lookup and post; a fresh one takes its place.
                    continue;
            }
        }
    }

    internal IServiceScopeFactory Scopes => scopes;

    internal TimeProvider Time => time;

    internal ILogger Logger => logger;

    internal CancellationToken Stopping => stopping.Token;

    internal bool TryRetire(UserMailbox mailbox) => mailboxes.TryRemove(new KeyValuePair<string, UserMailbox>(mailbox.UserId, mailbox));

    public async ValueTask DisposeAsync()
    {
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        // Drain: stop accepting, let queued work finish.
        foreach (var mailbox in mailboxes.Values)
        {
            mailbox.Close();
        }

        await Task.WhenAll(mailboxes.Values.Select(m => m.Completion));
        await stopping.CancelAsync();
        stopping.Dispose();
    }
}

/// <summary>The user's mailbox is full: too much concurrent work for one user.</summary>
public sealed class ActorBusyException : Exception
{
    public ActorBusyException()
        : base("Too many concurrent requests for this user; try again shortly.")
    {
    }

    public ActorBusyException(string message)
        : base(message)
    {
    }

    public ActorBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
