using System.Diagnostics;
using System.Net;
using AuthServer.Strategies.Options;
using AuthServer.Tests.Infrastructure;

namespace AuthServer.Tests.Throttling;

/// <summary>
/// CONTRACT: "A flood of logins is shed with 429 or 503 and Retry-After at once; it never queues password hashes
/// without bound." One hashing permit here, so a burst of logins with random names overflows it at once.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class PasswordHashGateTests
{
    // One permit, and hashes at the production work factor: what fills the queue is the time each takes.
    private static AuthServerFactory Server() =>
        new(StrategyNames.StatelessJwt, new Dictionary<string, string?> { ["RateLimiting:PasswordHashConcurrency"] = "1" })
        {
            PasswordHashIterations = AuthServerFactory.ProductionHashing,
        };

    [Fact]
    public async Task LoginBurst_BeyondTheHashPermits_IsShedWith503AndRetryAfter_WithinTheBoundedWait()
    {
        using var server = Server();
        var api = new ApiClient(server.CreateClient());
        var (known, _) = await api.SignUpAsync("burst");

        var watch = Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
        {
            var response = await api.LoginAsync(ApiClient.NewUsername("burst"), "not the password");
            return (response, elapsed: watch.Elapsed);
        }));

        var shed = answers.Where(a => a.response.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.All(answers, a => Assert.Contains(a.response.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.ServiceUnavailable }));
        // One permit and eight waiting: at least 31 of 40 cannot even queue.
        Assert.True(shed.Count >= 31, $"{shed.Count} of 40 shed");
        foreach (var (response, _) in shed)
        {
            Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        // Nothing waits past the bound (1 s) plus the hash it waited for; a shed answer does not wait for hashing.
        Assert.True(shed.Min(a => a.elapsed) < TimeSpan.FromSeconds(1), $"first 503 after {shed.Min(a => a.elapsed)}");
        Assert.Equal(HttpStatusCode.OK, (await api.LoginAsync(known)).StatusCode);
    }

    [Fact]
    public async Task RegistrationBurst_IsShedTheSameWay()
    {
        using var server = Server();
        var api = new ApiClient(server.CreateClient());

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => api.RegisterAsync(ApiClient.NewUsername("burst"))));

        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.ServiceUnavailable }));
        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.ServiceUnavailable) >= 31);
        Assert.All(answers.Where(a => a.StatusCode == HttpStatusCode.ServiceUnavailable), a => Assert.NotNull(a.Headers.RetryAfter));
    }
}
