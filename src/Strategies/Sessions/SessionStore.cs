using System.Globalization;
using AuthServer.Strategies.Redis;
using StackExchange.Redis;

namespace AuthServer.Strategies.Sessions;

/// <summary>
/// Sessions in Redis: a hash per session (keyed by the id's SHA-256) whose TTL is the sliding expiry, and a set per
/// user naming their sessions. Every call fails with <see cref="Abstractions.StoreUnavailableException"/> when Redis is away.
/// </summary>
internal sealed class SessionStore(RedisConnection redis, RedisKeys keys)
{
    private const string UserIdField = "uid";
    private const string UsernameField = "name";
    private const string RolesField = "roles";
    private const string CreatedField = "created";
    private const string SeenField = "seen";

    // Moves last-seen forward (never back) and the TTL with it, but never recreates a session deleted meanwhile.
    private const string SlideScript = """
        local seen = redis.call('HGET', KEYS[1], 'seen')
        if not seen then return 0 end
        if tonumber(seen) < tonumber(ARGV[1]) then
          redis.call('HSET', KEYS[1], 'seen', ARGV[1])
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return 1
        """;

    // Rewrites the roles of a live session, never recreating one deleted meanwhile. One key: runs on a Redis Cluster too.
    private const string SetRolesScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        redis.call('HSET', KEYS[1], 'roles', ARGV[1])
        return 1
        """;

    public Task<bool> CreateAsync(string hash, SessionRecord session, TimeSpan timeToLive, TimeSpan indexLifetime) =>
        redis.RunAsync(db =>
        {
            var transaction = db.CreateTransaction();
            _ = transaction.HashSetAsync(keys.Session(hash),
            [
                new HashEntry(UserIdField, session.UserId),
                new HashEntry(UsernameField, session.Username),
                new HashEntry(RolesField, string.Join(' ', session.Roles)),
                new HashEntry(CreatedField, session.CreatedAt),
                new HashEntry(SeenField, session.LastSeenAt),
            ]);
            _ = transaction.KeyExpireAsync(keys.Session(hash), timeToLive);
            _ = transaction.SetAddAsync(keys.UserSessions(session.UserId), hash);
            // The index outlives the newest session it names; stale entries are dropped by logout-all.
            _ = transaction.KeyExpireAsync(keys.UserSessions(session.UserId), indexLifetime);
            return transaction.ExecuteAsync();
        });

    public async Task<SessionRecord?> FindAsync(string hash)
    {
        var fields = await redis.RunAsync(db => db.HashGetAllAsync(keys.Session(hash)));
        return Parse(fields);
    }

    /// <summary>Slides the expiry without waiting for Redis: commands on the connection stay in order.</summary>
    public void Slide(string hash, DateTimeOffset now, TimeSpan timeToLive) =>
        _ = redis.RunAsync(db => db.ScriptEvaluateAsync(
            SlideScript,
            [keys.Session(hash)],
            [now.ToUnixTimeMilliseconds(), (long)timeToLive.TotalMilliseconds],
            CommandFlags.FireAndForget));

    public async Task<string?> FindUserIdAsync(string hash)
    {
        var userId = await redis.RunAsync(db => db.HashGetAsync(keys.Session(hash), UserIdField));
        return userId.IsNullOrEmpty ? null : userId.ToString();
    }

    public async Task<bool> DeleteAsync(string hash, string userId)
    {
        var deleted = await redis.RunAsync(db => db.KeyDeleteAsync(keys.Session(hash)));
        await redis.RunAsync(db => db.SetRemoveAsync(keys.UserSessions(userId), hash));
        return deleted;
    }

    /// <summary>Deletes every session of the user; a session created meanwhile keeps its index entry, so a later logout-all finds it.</summary>
    public async Task<int> DeleteAllAsync(string userId)
    {
        var index = keys.UserSessions(userId);
        var hashes = await redis.RunAsync(db => db.SetMembersAsync(index));
        if (hashes.Length == 0)
        {
            return 0;
        }

        // One DEL per key, pipelined: also correct on a Redis Cluster, where the sessions live in different slots.
        var deleted = await redis.RunAsync(async db => await Task.WhenAll(hashes.Select(h => db.KeyDeleteAsync(keys.Session(h!)))));
        await redis.RunAsync(db => db.SetRemoveAsync(index, hashes));
        return deleted.Count(d => d);
    }

    /// <summary>Gives every live session of the user <paramref name="roles"/>: the next request through any of them sees them.</summary>
    public async Task<int> SetRolesAsync(string userId, IReadOnlyList<string> roles)
    {
        var hashes = await redis.RunAsync(db => db.SetMembersAsync(keys.UserSessions(userId)));
        var value = string.Join(' ', roles);
        // One script per session, pipelined: the sessions live in different slots of a Redis Cluster.
        var updated = await redis.RunAsync(async db => await Task.WhenAll(
            hashes.Select(h => db.ScriptEvaluateAsync(SetRolesScript, [keys.Session(h!)], [value]))));
        return updated.Count(r => (int)r == 1);
    }

    /// <summary>Counts the live sessions with SCAN (never KEYS): off the request path, for the active-sessions gauge.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        long count = 0;
        var pattern = keys.Session("*");
        foreach (var server in redis.Multiplexer.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            await foreach (var _ in server.KeysAsync(pattern: pattern.ToString(), pageSize: 1000).WithCancellation(cancellationToken))
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
