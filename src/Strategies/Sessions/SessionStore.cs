using System.Globalization;
using AuthServer.Strategies.Redis;
using StackExchange.Redis;

namespace AuthServer.Strategies.Sessions;

/// <summary>
/// Sessions in Redis: a hash per session (keyed by the id's SHA-256) whose TTL is the sliding expiry, and a set per user
/// naming their sessions. Both carry the user's slot tag, so creating a session and indexing it is one transaction, and
/// ending them one script, on a Redis Cluster too. Every call fails with
/// <see cref="StoreUnavailableException"/> when Redis is away; an ending is answered only once replicas hold it
/// (<see cref="RedisConnection.WriteAsync"/>).
/// </summary>
internal sealed partial class SessionStore(RedisConnection redis, RedisKeys keys)
{
    private const string UserIdField = "uid";
    private const string UsernameField = "name";
    private const string RolesField = "roles";
    private const string CreatedField = "created";
    private const string SeenField = "seen";

    // A replica may not have a revocation yet (it lags, or missed it when its primary died): a credential is judged by the primary.
    private const CommandFlags Primary = CommandFlags.DemandMaster;

    public Task<bool> CreateAsync(SessionKey key, SessionRecord session, TimeSpan timeToLive, TimeSpan indexLifetime) =>
        redis.RunAsync(db =>
        {
            var sessionKey = keys.Session(key.Tag, key.Hash);
            var index = keys.UserSessions(key.Tag, session.UserId);
            var transaction = db.CreateTransaction();
            _ = transaction.HashSetAsync(sessionKey,
            [
                new HashEntry(UserIdField, session.UserId),
                new HashEntry(UsernameField, session.Username),
                new HashEntry(RolesField, string.Join(' ', session.Roles)),
                new HashEntry(CreatedField, session.CreatedAt),
                new HashEntry(SeenField, session.LastSeenAt),
            ]);
            _ = transaction.KeyExpireAsync(sessionKey, timeToLive);
            _ = transaction.SetAddAsync(index, key.Hash);
            // The index outlives the newest session it names; stale entries are dropped by logout-all.
            _ = transaction.KeyExpireAsync(index, indexLifetime);
            return transaction.ExecuteAsync();
        });

    public async Task<SessionRecord?> FindAsync(SessionKey key)
    {
        var fields = await redis.RunAsync(db => db.HashGetAllAsync(keys.Session(key.Tag, key.Hash), Primary));
        return Parse(fields);
    }

    /// <summary>Slides the expiry without waiting for Redis: commands on the connection stay in order.</summary>
    public void Slide(SessionKey key, DateTimeOffset now, TimeSpan timeToLive) =>
        _ = redis.RunAsync(db => db.ScriptEvaluateAsync(
            SlideScript,
            [keys.Session(key.Tag, key.Hash)],
            [now.ToUnixTimeMilliseconds(), (long)timeToLive.TotalMilliseconds],
            CommandFlags.FireAndForget));

    public async Task<string?> FindUserIdAsync(SessionKey key)
    {
        var userId = await redis.RunAsync(db => db.HashGetAsync(keys.Session(key.Tag, key.Hash), UserIdField, Primary));
        return userId.IsNullOrEmpty ? null : userId.ToString();
    }

    /// <summary>Ends one session and drops it from its user's index, in one script.</summary>
    public async Task<bool> DeleteAsync(SessionKey key, string userId)
    {
        var deleted = await redis.WriteAsync(EndScript, [keys.UserSessions(key.Tag, userId), keys.Session(key.Tag, key.Hash)], [key.Hash]);
        return (long)deleted > 0;
    }

    /// <summary>
    /// Ends every session the user's index names, and drops them from it, in one script. A session created meanwhile was
    /// indexed in the same transaction that created it: it is either named here or created after this logout-all.
    /// </summary>
    public async Task<int> DeleteAllAsync(string tag, string userId)
    {
        var index = keys.UserSessions(tag, userId);
        var hashes = await redis.RunAsync(db => db.SetMembersAsync(index, Primary));
        if (hashes.Length == 0)
        {
            return 0;
        }

        RedisKey[] sessionKeys = [index, .. hashes.Select(h => keys.Session(tag, h!))];
        return (int)(long)await redis.WriteAsync(EndScript, sessionKeys, hashes);
    }

    /// <summary>
    /// Gives every live session the user's index names <paramref name="roles"/>, in one script (one slot: the user's tag):
    /// the next request through any of them sees them. Answered once replicas hold it, as an ending is: after a role is
    /// removed it corrects a session that a login in flight created with the old roles.
    /// </summary>
    public async Task<int> SetRolesAsync(string tag, string userId, IReadOnlyList<string> roles)
    {
        var index = keys.UserSessions(tag, userId);
        var hashes = await redis.RunAsync(db => db.SetMembersAsync(index, Primary));
        if (hashes.Length == 0)
        {
            return 0;
        }

        RedisKey[] sessionKeys = [.. hashes.Select(h => keys.Session(tag, h!))];
        return (int)(long)await redis.WriteAsync(SetRolesScript, sessionKeys, [string.Join(' ', roles)]);
    }

    /// <summary>Counts the live sessions with SCAN (never KEYS) on every primary: off the request path, for the active-sessions gauge.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        var servers = redis.Multiplexer.GetServers();
        var primaries = servers.Where(s => !s.IsReplica).ToArray();
        // A cluster's data is spread over its primaries: a count that missed one would mislead, so it is not a count.
        if (primaries.Any(s => s.ServerType == ServerType.Cluster && !s.IsConnected))
        {
            throw RedisCalls.Unavailable();
        }

        long count = 0;
        foreach (var server in primaries.Where(s => s.IsConnected))
        {
            await foreach (var _ in server.KeysAsync(pattern: keys.SessionPattern, pageSize: 1000).WithCancellation(cancellationToken))
            {
                count++;
            }
        }

        return count;
    }

    private static SessionRecord? Parse(HashEntry[] fields)
    {
        string? userId = null, username = null, roles = null;
        long? created = null, seen = null;
        foreach (var field in fields)
        {
            switch (field.Name.ToString())
            {
                case UserIdField: userId = field.Value; break;
                case UsernameField: username = field.Value; break;
                case RolesField: roles = field.Value; break;
                case CreatedField: created = ParseLong(field.Value); break;
                case SeenField: seen = ParseLong(field.Value); break;
            }
        }

        // A partial hash is not a session.
        return userId is null || username is null || created is null || seen is null
            ? null
            : new SessionRecord(userId, username, (roles ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries), created.Value, seen.Value);
    }

    private static long? ParseLong(RedisValue value) =>
        long.TryParse(value.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;
}
