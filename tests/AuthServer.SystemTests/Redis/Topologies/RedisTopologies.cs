using AuthServer.SystemTests.Infrastructure;

namespace AuthServer.SystemTests.Redis.Topologies;

/// <summary>
/// The Redis Cluster and the Sentinel group the tests share: each started on first use from Debian's binaries, once per
/// test run, on free ports, and killed at process exit (<see cref="ManagedProcess"/>). Tests isolate by key prefix, as
/// on the single node. A test that kills a primary starts a Sentinel group of its own (<see cref="StartSentinelGroupAsync"/>).
/// </summary>
public static class RedisTopologies
{
    /// <summary>Where nothing can be started: a test skips (or, under strict, fails) before anything connects here.</summary>
    public const string NotStarted = "127.0.0.1:1";

    private static readonly string WorkDir = Directory.CreateTempSubdirectory("authserver-topologies-").FullName;
    private static readonly Lazy<Task<RedisClusterHost>> Cluster = new(() => Task.Run(() => RedisClusterHost.StartAsync(WorkDir)));
    private static readonly Lazy<Task<SentinelHost>> Sentinel = new(() => Task.Run(() => StartSentinelGroupAsync()));

    static RedisTopologies()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            ManagedProcess.KillAll();
            try
            {
                Directory.Delete(WorkDir, recursive: true);
            }
            catch (IOException)
            {
            }
        };
    }

    public static bool ClusterInstalled => SystemPrograms.RedisServer.Path is not null && SystemPrograms.RedisCli.Path is not null;

    public static bool SentinelInstalled => SystemPrograms.RedisServer.Path is not null && SystemPrograms.RedisSentinel.Path is not null;

    /// <summary>The shared cluster (started now if need be), or <see cref="NotStarted"/> where its programs are missing.</summary>
    public static string ClusterConnectionString => ClusterInstalled ? SharedCluster().GetAwaiter().GetResult().ConnectionString : NotStarted;

    /// <summary>The shared Sentinel group (started now if need be), or <see cref="NotStarted"/> where its programs are missing.</summary>
    public static string SentinelConnectionString => SentinelInstalled ? Sentinel.Value.GetAwaiter().GetResult().ConnectionString : NotStarted;

    public static Task<RedisClusterHost> SharedCluster() => Cluster.Value;

    /// <summary>Skips (or fails, under strict) unless a cluster can be started; returns its argument, for use in a base constructor call.</summary>
    public static T RequireCluster<T>(T value)
    {
        Installed.Require(SystemPrograms.RedisServer, SystemPrograms.RedisCli);
        return value;
    }

    /// <inheritdoc cref="RequireCluster{T}"/>
    public static T RequireSentinel<T>(T value)
    {
        Installed.Require(SystemPrograms.RedisServer, SystemPrograms.RedisSentinel);
        return value;
    }

    /// <summary>A primary, <paramref name="replicas"/> replicas and three Sentinels of the caller's own; dispose it when done.</summary>
    public static Task<SentinelHost> StartSentinelGroupAsync(int replicas = 1) =>
        SentinelHost.StartAsync(WorkDir, cpus: null, replicas, SystemPrograms.RedisServer.Path!, SystemPrograms.RedisSentinel.Path);
}
