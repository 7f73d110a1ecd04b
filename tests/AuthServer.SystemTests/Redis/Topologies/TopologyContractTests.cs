using AuthServer.Strategies.Options;
using AuthServer.Tests.Redis;

namespace AuthServer.SystemTests.Redis.Topologies;

// The whole contract of both Redis strategies again, on a three-primary Redis Cluster and behind Sentinel (with one
// replica, so every revocation waits for it: Redis:WaitForReplicas defaults to 1 there). Each class skips with the
// package to install where Debian's programs are missing, and fails instead under AUTHSERVER_TESTS_STRICT=1.

public sealed class JwtBlacklistClusterServer() : RedisStrategyServer(StrategyNames.JwtBlacklist, redis: RedisTopologies.ClusterConnectionString);

public sealed class RedisSessionClusterServer() : RedisStrategyServer(StrategyNames.RedisSession, redis: RedisTopologies.ClusterConnectionString);

public sealed class JwtBlacklistSentinelServer() : RedisStrategyServer(StrategyNames.JwtBlacklist, redis: RedisTopologies.SentinelConnectionString);

public sealed class RedisSessionSentinelServer() : RedisStrategyServer(StrategyNames.RedisSession, redis: RedisTopologies.SentinelConnectionString);

public sealed class JwtBlacklistClusterContractTests(JwtBlacklistClusterServer server)
    : JwtBlacklistContract(RedisTopologies.RequireCluster(server)), IClassFixture<JwtBlacklistClusterServer>;

public sealed class RedisSessionClusterContractTests(RedisSessionClusterServer server)
    : RedisSessionContract(RedisTopologies.RequireCluster(server)), IClassFixture<RedisSessionClusterServer>;

public sealed class JwtBlacklistSentinelContractTests(JwtBlacklistSentinelServer server)
    : JwtBlacklistContract(RedisTopologies.RequireSentinel(server)), IClassFixture<JwtBlacklistSentinelServer>;

public sealed class RedisSessionSentinelContractTests(RedisSessionSentinelServer server)
    : RedisSessionContract(RedisTopologies.RequireSentinel(server)), IClassFixture<RedisSessionSentinelServer>;
