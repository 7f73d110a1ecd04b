using System.Net;
using AuthServer.Strategies.Options;
using AuthServer.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AuthServer.Tests.Throttling;

/// <summary>
/// CONTRACT: "the limits of the settings table hold together (per address and username, per address, per account)",
/// registration per address; 429 with Retry-After and a problem body. Clients are told apart the way a trusted proxy
/// tells them (X-Forwarded-For).
/// </summary>
public sealed class LoginThrottleTests
{
    private const string Wrong = "not the password";

    [Fact]
    public async Task Spray_ManyUsernamesFromOneAddress_IsRefusedPastTheAddressFailureLimit()
    {
        using var server = Server(("RateLimiting:AddressFailureLimit", "5"));
        var api = new ApiClient(server.CreateClient());
        var (victim, _) = await api.SignUpAsync("sprayed");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.LoginFromAsync("198.51.100.7", ApiClient.NewUsername("spray"), Wrong)).StatusCode);
        }

        // The sixth guess is refused before any password is tried, even the right one for an existing user.
        await AssertTooManyAsync(await api.LoginFromAsync("198.51.100.7", victim), maxSeconds: 70);
        Assert.Equal(HttpStatusCode.OK, (await api.LoginFromAsync("198.51.100.8", victim)).StatusCode);
    }

    [Fact]
    public async Task Spray_FromOneIpv6Slash64_IsCountedAsOneAddress()
    {
        using var server = Server(("RateLimiting:AddressFailureLimit", "3"));
        var api = new ApiClient(server.CreateClient());
        foreach (var address in new[] { "2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:aaaa:bbbb:cccc:dddd" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.LoginFromAsync(address, ApiClient.NewUsername("v6"), Wrong)).StatusCode);
        }

        await AssertTooManyAsync(await api.LoginFromAsync("2001:db8:1:2:ffff:ffff:ffff:ffff", ApiClient.NewUsername("v6"), Wrong), maxSeconds: 70);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.LoginFromAsync("2001:db8:1:3::1", ApiClient.NewUsername("v6"), Wrong)).StatusCode);
    }

    [Fact]
    public async Task DistributedGuess_OnOneAccount_IsRefusedPastTheAccountFailureLimit_FromEveryAddress()
    {
        using var server = Server(("RateLimiting:AccountFailureLimit", "4"));
        var api = new ApiClient(server.CreateClient());
        var (victim, _) = await api.SignUpAsync("guessed");
        var (bystander, _) = await api.SignUpAsync("bystander");
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.LoginFromAsync($"203.0.113.{i + 1}", victim, Wrong)).StatusCode);
        }

        await AssertTooManyAsync(await api.LoginFromAsync("203.0.113.99", victim), maxSeconds: 70 * 60);
        Assert.Equal(HttpStatusCode.OK, (await api.LoginFromAsync("203.0.113.1", bystander)).StatusCode);
    }

    [Fact]
    public async Task AccountLockout_IsSoft_ItEndsWhenRetryAfterSays_HoweverLongTheAttackerKeepsTrying()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        using var server = Server(time, ("RateLimiting:AccountFailureLimit", "3"));
        var api = new ApiClient(server.CreateClient());
        var (victim, _) = await api.SignUpAsync("locked");
        for (var i = 0; i < 3; i++)
        {
            await api.LoginFromAsync($"192.0.2.{i + 1}", victim, Wrong);
        }

        var first = await api.LoginFromAsync("192.0.2.50", victim);
        await AssertTooManyAsync(first, maxSeconds: 70 * 60);
        var unlockedAt = time.GetUtcNow() + first.Headers.RetryAfter!.Delta!.Value;

        // Refused guesses are not failures: they do not push the end of the lockout back.
        while (time.GetUtcNow() + TimeSpan.FromMinutes(5) < unlockedAt)
        {
            time.Advance(TimeSpan.FromMinutes(5));
            var refused = await api.LoginFromAsync($"192.0.2.{Random.Shared.Next(60, 250)}", victim, Wrong);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.True(time.GetUtcNow() + refused.Headers.RetryAfter!.Delta!.Value <= unlockedAt + TimeSpan.FromSeconds(1));
        }

        time.Advance(unlockedAt - time.GetUtcNow());
        Assert.Equal(HttpStatusCode.OK, (await api.LoginFromAsync("192.0.2.50", victim)).StatusCode);
    }

    [Fact]
    public async Task Register_PastTheLimit_Returns429WithRetryAfter_ForThatAddressOnly()
    {
        using var server = Server(("RateLimiting:RegisterPermitLimit", "3"));
        var api = new ApiClient(server.CreateClient());
        var taken = ApiClient.NewUsername("taken");
        Assert.Equal(HttpStatusCode.Created, (await api.RegisterFromAsync("198.51.100.20", taken)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await api.RegisterFromAsync("198.51.100.20", taken)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.RegisterFromAsync("198.51.100.20", ApiClient.NewUsername("reg"))).StatusCode);

        await AssertTooManyAsync(await api.RegisterFromAsync("198.51.100.20", ApiClient.NewUsername("reg")), maxSeconds: 70 * 60);
        Assert.Equal(HttpStatusCode.Created, (await api.RegisterFromAsync("198.51.100.21", ApiClient.NewUsername("reg"))).StatusCode);
    }

    [Fact]
    public async Task Register_InvalidInput_DoesNotCountAgainstTheLimit()
    {
        using var server = Server(("RateLimiting:RegisterPermitLimit", "1"));
        var api = new ApiClient(server.CreateClient());
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await api.RegisterFromAsync("198.51.100.30", "x", "short")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Created, (await api.RegisterFromAsync("198.51.100.30", ApiClient.NewUsername("reg"))).StatusCode);
    }

    [Fact]
    public async Task PasswordChange_GuessingTheCurrentPassword_IsLimitedLikeALogin_AndCountsAgainstTheAccount()
    {
        // Four attempts a minute: the sign-up's login and three guesses.
        using var server = Server(("RateLimiting:LoginPermitLimit", "4"), ("RateLimiting:AccountFailureLimit", "5"));
        var api = new ApiClient(server.CreateClient());
        var (username, tokens) = await api.SignUpAsync("stolen");
        var stolen = tokens.Str("access_token");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.ChangePasswordAsync(stolen, Wrong, "the thief's own password")).StatusCode);
        }

        await AssertTooManyAsync(await api.ChangePasswordAsync(stolen, ApiClient.Password, "the thief's own password"), maxSeconds: 70);

        // The three wrong guesses count against the account too: two more failed logins from elsewhere fill it.
        await api.LoginFromAsync("198.51.100.60", username, Wrong);
        await api.LoginFromAsync("198.51.100.61", username, Wrong);
        await AssertTooManyAsync(await api.LoginFromAsync("198.51.100.62", username), maxSeconds: 70 * 60);
    }

    internal static async Task AssertTooManyAsync(HttpResponseMessage response, int maxSeconds)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter >= TimeSpan.FromSeconds(1) && retryAfter <= TimeSpan.FromSeconds(maxSeconds), $"Retry-After {retryAfter}");
        Assert.Contains("\"status\":429", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static AuthServerFactory Server(params (string Key, string Value)[] limits) => Server(null, limits);

    private static AuthServerFactory Server(FakeTimeProvider? time, params (string Key, string Value)[] limits) =>
        new(StrategyNames.StatelessJwt, limits.ToDictionary(l => l.Key, l => (string?)l.Value), time);
}
