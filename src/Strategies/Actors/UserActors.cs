using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AuthServer.Strategies.Actors;

/// <summary>
/// One mailbox per user for every change to that user's credentials (sign-in, refresh rotation, sign-out, logout-all,
/// password change, revocation), reads included; created on demand and dropped when idle. A mailbox is named by the user's
/// tag (<see cref="UserTags"/>), which session ids and refresh tokens carry, so a request presenting one enters before it
/// has read anything. Items run one at a time per mailbox; work that posts to the mailbox it is running in runs at once,
/// inline (so the host can make a password change and its revoke-all one item). It orders work inside this process only:
/// the stores still guard races between processes with conditional writes (docs/scaling.md).
/// </summary>
internal sealed class UserActors(UserTags tags, TimeProvider time, ILogger<UserActors> logger) : IAsyncDisposable
{
    internal static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Past this many running mailboxes (about 1.8 KB each when idle), a mailbox that goes idle leaves after
    /// <see cref="CrowdedIdleTimeout"/>: a token names its mailbox before anything is read, so a flood of made-up
    /// well-formed tokens would otherwise keep one per distinct tag alive for <see cref="IdleTimeout"/>.
    /// </summary>
    internal const int CrowdedAbove = 4096;

    internal static readonly TimeSpan CrowdedIdleTimeout = TimeSpan.FromMilliseconds(250);

    internal const int MailboxCapacity = 256;

    private readonly ConcurrentDictionary<string, UserMailbox> mailboxes = new(StringComparer.Ordinal);

    // Taken only to create a mailbox or to shut down, never to post: creation is one per user per idle period.
    private readonly Lock registry = new();
    private bool stopped;
    private int pumps;

    /// <summary>Number of live mailboxes (for tests and metrics).</summary>
    public int Count => mailboxes.Count;

    /// <summary>Number of running mailbox loops: equal to <see cref="Count"/> but for mailboxes finishing their last work.</summary>
    internal int Pumps => Volatile.Read(ref pumps);

    internal TimeProvider Time => time;

    /// <summary>How long a mailbox that has just run out of work waits for more before it leaves.</summary>
    internal TimeSpan IdleTimeoutNow => Pumps > CrowdedAbove ? CrowdedIdleTimeout : IdleTimeout;

    /// <summary>Items waiting in the user's mailbox behind the one running (for tests that line work up).</summary>
    internal int Queued(string userId) => mailboxes.TryGetValue(tags.For(userId), out var mailbox) ? mailbox.Queued : 0;

    internal ILogger Logger => logger;

    /// <summary>Runs <paramref name="work"/> in the user's mailbox, after the work queued before it.</summary>
    public Task<T> RunAsync<T>(string userId, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        RunForTagAsync(tags.For(userId), work, cancellationToken);

    /// <summary>The same, for the mailbox named by a tag a credential carries (its user not known yet).</summary>
    public Task<T> RunForTagAsync<T>(string tag, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        if (UserMailbox.Running == tag)
        {
            // Already this mailbox's turn (an item composing several changes): waiting for a later turn would wait for itself.
            return RunInlineAsync(work, cancellationToken);
        }

        var item = new MailboxItem<T>(work, cancellationToken);
        while (true)
        {
            var mailbox = mailboxes.TryGetValue(tag, out var live) ? live : Open(tag);
            switch (mailbox.TryPost(item))
            {
                case PostResult.Accepted:
                    return item.Completion;
                case PostResult.Full:
                    throw new ActorBusyException();
                case PostResult.Closed when Volatile.Read(ref stopped):
                    throw ShuttingDown();
                case PostResult.Closed:
                    // The mailbox went idle and closed between lookup and post; a fresh one takes its place.
                    continue;
            }
        }
    }

    internal bool TryRetire(UserMailbox mailbox) => mailboxes.TryRemove(new KeyValuePair<string, UserMailbox>(mailbox.Tag, mailbox));

    internal void PumpStarted() => Interlocked.Increment(ref pumps);

    internal void PumpEnded() => Interlocked.Decrement(ref pumps);

    // Under the lock, so two first posts to one user cannot each start a loop, and none starts after shutdown.
    private UserMailbox Open(string tag)
    {
        lock (registry)
        {
            if (stopped)
            {
                throw ShuttingDown();
            }

            if (!mailboxes.TryGetValue(tag, out var mailbox))
            {
                mailbox = new UserMailbox(tag, this);
                mailboxes[tag] = mailbox;
                mailbox.Start();
            }

            return mailbox;
        }
    }

    public async ValueTask DisposeAsync()
    {
        UserMailbox[] draining;
        lock (registry)
        {
            if (stopped)
            {
                return;
            }

            Volatile.Write(ref stopped, true);
            draining = [.. mailboxes.Values];
            mailboxes.Clear();
        }

        // Stop accepting, let queued work finish: a post from now on is answered at once.
        foreach (var mailbox in draining)
        {
            mailbox.Close();
        }

        await Task.WhenAll(draining.Select(m => m.Completion));
    }

    private static async Task<T> RunInlineAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await work(cancellationToken);
    }

    private static ActorBusyException ShuttingDown() => new("The server is shutting down; try again shortly.");
}
