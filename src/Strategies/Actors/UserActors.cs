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

    // Taken only to create a mailbox or to shut down, never to post: creation is one per user per idle period.
    private readonly Lock registry = new();
    private bool stopped;
    private int pumps;

    /// <summary>Number of live mailboxes (for tests and metrics).</summary>
    public int Count => mailboxes.Count;

    /// <summary>Number of running mailbox loops: equal to <see cref="Count"/> but for mailboxes finishing their last work.</summary>
    internal int Pumps => Volatile.Read(ref pumps);

    internal TimeProvider Time => time;

    internal ILogger Logger => logger;

    /// <summary>Runs <paramref name="work"/> in the user's mailbox, after the work queued before it.</summary>
    public Task<T> RunAsync<T>(string userId, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var item = new MailboxItem<T>(work, cancellationToken);
        while (true)
        {
            var mailbox = mailboxes.TryGetValue(userId, out var live) ? live : Open(userId);
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

    /// <summary>The same, in a DI scope of its own (for work that needs scoped services such as a <c>DbContext</c>).</summary>
    public Task<T> RunScopedAsync<T>(string userId, Func<IServiceProvider, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        RunAsync(userId, async ct =>
        {
            await using var scope = scopes.CreateAsyncScope();
            return await work(scope.ServiceProvider, ct);
        }, cancellationToken);

    internal bool TryRetire(UserMailbox mailbox) => mailboxes.TryRemove(new KeyValuePair<string, UserMailbox>(mailbox.UserId, mailbox));

    internal void PumpStarted() => Interlocked.Increment(ref pumps);

    internal void PumpEnded() => Interlocked.Decrement(ref pumps);

    // Under the lock, so two first posts to one user cannot each start a loop, and none starts after shutdown.
    private UserMailbox Open(string userId)
    {
        lock (registry)
        {
            if (stopped)
            {
                throw ShuttingDown();
            }

            if (!mailboxes.TryGetValue(userId, out var mailbox))
            {
                mailbox = new UserMailbox(userId, this);
                mailboxes[userId] = mailbox;
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

    private static ActorBusyException ShuttingDown() => new("The server is shutting down; try again shortly.");
}
