using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthServer.Strategies.Options;
using AuthServer.Strategies.Sessions;
using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Xunit.Abstractions;

namespace AuthServer.SystemTests.Redis.Topologies;

/// <summary>What only a Redis Cluster can get wrong: keys spread over nodes, and a channel heard on every node.</summary>
[Collection(TimingSensitive.Name)]
public sealed class ClusterTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData(StrategyNames.JwtBlacklist)]
    [InlineData(StrategyNames.RedisSession)]
    public async Task TwoInstancesSeededWithDifferentNodes_RefuseWhatTheOtherRevoked(string strategy)
    {
        RedisTopologies.RequireCluster(0);
        var cluster = await RedisTopologies.SharedCluster();
        var settings = TwoInstanceTests.Settings(strategy, $"127.0.0.1:{cluster.Ports[0]}");
        await using var a = await TwoInstanceTests.StartAsync(settings);
        await using var b = await TwoInstanceTests.StartAsync(new(settings) { ["ConnectionStrings:Redis"] = $"127.0.0.1:{cluster.Ports[1]}" });
        var onA = new ApiClient(a.CreateClient());
        var onB = new ApiClient(b.CreateClient());
        var (username, first) = await onA.SignUpAsync();
        var second = await onA.LoginOkAsync(username);
        var third = await onA.LoginOkAsync(username);

        Assert.Equal(HttpStatusCode.OK, (await onB.GetProfileAsync(first.Str("access_token"))).StatusCode);
        (await onA.LogoutAsync(first.Str("access_token"))).EnsureSuccessStatusCode();
        var (delay, _) = await TwoInstanceTests.RefusedWithinAsync(onB, first.Str("access_token"));
        (await onB.LogoutAllAsync(second.Str("access_token"))).EnsureSuccessStatusCode();
        await TwoInstanceTests.RefusedWithinAsync(onA, third.Str("access_token"));

        output.WriteLine($"{strategy}: a logout on A (seeded with node {cluster.Ports[0]}) was refused on B (seeded with {cluster.Ports[1]}) after {delay.TotalMilliseconds:0.0} ms");
    }

    [SkippableFact]
    public async Task JwtBlacklist_ARevocation_IsHeardOnEveryNode()
    {
        RedisTopologies.RequireCluster(0);
        var cluster = await RedisTopologies.SharedCluster();
        using var server = new RedisStrategyServer(StrategyNames.JwtBlacklist, redis: cluster.ConnectionString);
        var api = new ApiClient(server.CreateClient());
        var (_, tokens) = await api.SignUpAsync();
        var jti = new JsonWebToken(tokens.Str("access_token")).Id;
        var listeners = new List<RespClient>();
        try
        {
            // A classic PUBLISH goes to the node of the channel's slot and is forwarded over the cluster bus to all others,
            // so an instance is told wherever its client happened to subscribe.
            foreach (var port in cluster.Ports)
            {
                var listener = await RespClient.ConnectAsync(port);
                listeners.Add(listener);
                await listener.CommandAsync("SUBSCRIBE", server.KeyPrefix + "revoked:events");
            }

            (await api.LogoutAsync(tokens.Str("access_token"))).EnsureSuccessStatusCode();

            foreach (var listener in listeners)
            {
                Assert.StartsWith($"t|{jti}|", await NextRevocationAsync(listener));
            }
        }
        finally
        {
            listeners.ForEach(l => l.Dispose());
        }
    }

    [SkippableFact]
    public async Task RedisSession_EachUsersKeysShareASlot_UsersSpreadOverThePrimaries_AndAllAreCounted()
    {
        RedisTopologies.RequireCluster(0);
        var cluster = await RedisTopologies.SharedCluster();
        using var server = new RedisStrategyServer(StrategyNames.RedisSession, redis: cluster.ConnectionString);
        var api = new ApiClient(server.CreateClient());
        var nodes = new HashSet<int>();
        for (var i = 0; i < 8; i++)
        {
            var (_, tokens) = await api.SignUpAsync();
            var id = tokens.Str("access_token");
            var userId = (await (await api.GetProfileAsync(id)).Content.ReadFromJsonAsync<JsonElement>()).Str("id");
            var session = StoredSession.Key(server.KeyPrefix, id);
            var index = StoredSession.IndexKey(server.KeyPrefix, id, userId);

            Assert.True(await server.Inspect().KeyExistsAsync(session));
            Assert.True(await server.Inspect().SetContainsAsync(index, StoredSession.Hash(id)));
            Assert.Equal(await RespClient.SendAsync(cluster.Ports[0], "CLUSTER", "KEYSLOT", session), await RespClient.SendAsync(cluster.Ports[0], "CLUSTER", "KEYSLOT", index));
            nodes.Add(await cluster.NodeOfAsync(session));
        }

        var counted = await server.Services.GetRequiredService<SessionStore>().CountAsync(CancellationToken.None);

        Assert.True(nodes.Count >= 2, "eight users' sessions all landed on one node: the tag does not spread them");
        Assert.Equal(8, counted);
        output.WriteLine($"8 sessions on {nodes.Count} of {cluster.Ports.Count} primaries, all counted");
    }

    private static async Task<string> NextRevocationAsync(RespClient listener)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (true)
        {
            // ["message", channel, payload]; probes ("p|…") of the instance's own resynchronisation may come first.
            var message = (object?[])(await listener.ReadAsync(timeout.Token))!;
            if (message[2] is string payload && !payload.StartsWith("p|", StringComparison.Ordinal))
            {
                return payload;
            }
        }
    }
}
