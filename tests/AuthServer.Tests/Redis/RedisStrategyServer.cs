using AuthServer.Strategies.Options;
using AuthServer.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace AuthServer.Tests.Redis;

/// <summary>An in-process server of a Redis strategy, with its own key prefix on the shared (or a given) Redis.</summary>
public class RedisStrategyServer : AuthServerFactory
{
    private ConnectionMultiplexer? inspector;

    public RedisStrategyServer(string strategy, IDictionary<string, string?>? extra = null, FakeTimeProvider? time = null, string? redis = null)
        : this(strategy, RedisTestServer.NewKeyPrefix(), redis ?? RedisTestServer.ConnectionString, extra, time)
    {
    }

    private RedisStrategyServer(string strategy, string keyPrefix, string redis, IDictionary<string, string?>? extra, FakeTimeProvider? time)
        : base(strategy, Merge(RedisTestServer.Settings(keyPrefix, redis), extra), time)
    {
        KeyPrefix = keyPrefix;
        RedisConnectionString = redis;
    }

    public string KeyPrefix { get; }

    public string RedisConnectionString { get; }

    /// <summary>A connection of the test's own, to look at what the server stored.</summary>
    public IDatabase Inspect()
    {
        inspector ??= ConnectionMultiplexer.Connect(RedisConnectionString + ",abortConnect=false");
        return inspector.GetDatabase();
    }

    /// <summary>Every key this server wrote (SCAN, never KEYS), on every primary (a cluster spreads them).</summary>
    public async Task<List<string>> KeysAsync()
    {
        Inspect();
        var keys = new List<string>();
        foreach (var server in inspector!.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            await foreach (var key in server.KeysAsync(pattern: KeyPrefix + "*"))
            {
                keys.Add(key.ToString());
            }
        }

        return keys;
    }

    protected override void Dispose(bool disposing)
    {
        inspector?.Dispose();
        base.Dispose(disposing);
    }

    private static Dictionary<string, string?> Merge(Dictionary<string, string?> settings, IDictionary<string, string?>? extra)
    {
        // Two shared cores run the whole suite: a generous deadline here; the outage tests set the production one.
        settings["Redis:OperationTimeout"] = "00:00:05";
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }
}

public sealed class JwtBlacklistServer() : RedisStrategyServer(StrategyNames.JwtBlacklist);

public sealed class RedisSessionServer() : RedisStrategyServer(StrategyNames.RedisSession);
