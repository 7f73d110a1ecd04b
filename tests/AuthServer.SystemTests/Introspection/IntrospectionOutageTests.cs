using System.Net;
using System.Net.Http.Json;
using AuthServer.Strategies.Options;
using AuthServer.SystemTests.Infrastructure;
using AuthServer.SystemTests.Redis;
using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Introspection;
using AuthServer.Tests.Redis;

namespace AuthServer.SystemTests.Introspection;

/// <summary>While the store a decision needs is down, introspection says so (503), never "inactive" and never a 500.</summary>
[Collection(TimingSensitive.Name)]
public sealed class IntrospectionOutageTests : IAsyncLifetime
{
    private StoppableRedis redis = null!;

    public async Task InitializeAsync() => redis = await StoppableRedis.StartAsync();

    public async Task DisposeAsync() => await redis.DisposeAsync();

    [SkippableTheory]
    [InlineData(StrategyNames.RedisSession)]
    [InlineData(StrategyNames.JwtBlacklist)]
    public async Task RedisDown_Introspection503WithRetryAfter_ThenRecovers(string strategy)
    {
        Installed.Require(SystemPrograms.RedisServer);
        var settings = IntrospectionCaller.Settings();
        settings["Redis:OperationTimeout"] = "00:00:00.5";
        using var server = new RedisStrategyServer(strategy, settings, redis: redis.ConnectionString);
        var api = new ApiClient(server.CreateClient());
        var (_, tokens) = await api.SignUpAsync("outage");
        var credential = tokens.Str("access_token");

        await redis.StopAsync();
        var down = await PollAsync(() => IntrospectionCaller.PostAsync(api.Http, credential), HttpStatusCode.ServiceUnavailable);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.NotNull(down.Headers.RetryAfter);
        Assert.Equal("application/problem+json", down.Content.Headers.ContentType?.MediaType);

        await redis.StartAgainAsync();
        var back = await PollAsync(() => IntrospectionCaller.PostAsync(api.Http, credential), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        // The restarted Redis came back empty: a session is gone with it; a JWT never lived there.
        var active = (await back.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("active").GetBoolean();
        Assert.Equal(strategy == StrategyNames.JwtBlacklist, active);
        Assert.Equal(active, (await api.GetProfileAsync(credential)).StatusCode == HttpStatusCode.OK);
    }

    // jwt-blacklist notices a dead Redis within about two probes (a second each); sessions at the next call.
    private static async Task<HttpResponseMessage> PollAsync(Func<Task<HttpResponseMessage>> call, HttpStatusCode wanted)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var response = await call();
            if (response.StatusCode == wanted || DateTime.UtcNow > deadline)
            {
                return response;
            }

            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"answered {(int)response.StatusCode}");
            await Task.Delay(100);
        }
    }
}
