using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Jwt;
using Xunit.Abstractions;

namespace AuthServer.SystemTests.Services;

/// <summary>
/// The sample orders API protected by AuthServer.Client alone, against a real auth-server process of each strategy:
/// a credential works, a forged one does not, the admin policy holds, and a logout reaches the API as the strategy promises.
/// </summary>
[Collection(TimingSensitive.Name)]
public abstract class OrdersApiTests(ResourceServiceFixture fixture, ITestOutputHelper output)
{
    /// <summary>How long after a logout the API may still accept a revocable credential (one introspection round trip, on a busy machine).</summary>
    protected static readonly TimeSpan RevocationBound = TimeSpan.FromSeconds(1);

    protected ResourceServiceFixture Fixture => fixture;

    protected ApiClient Auth => fixture.Auth;

    protected ApiClient Orders { get; } = new(fixture.Orders.CreateClient());

    [Fact]
    public async Task Credential_FromTheAuthServer_Works()
    {
        var (username, tokens) = await Auth.SignUpAsync("orders");
        var credential = tokens.Str("access_token");
        var profile = await (await Auth.GetProfileAsync(credential)).Content.ReadFromJsonAsync<JsonElement>();

        var me = await Orders.SendAsync(HttpMethod.Get, "/me", credential);
        var placed = await PlaceAsync(credential, "book");
        var mine = await Orders.SendAsync(HttpMethod.Get, "/orders", credential);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var caller = await me.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(profile.Str("id"), caller.Str("id"));
        Assert.Equal(username, caller.Str("username"));
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = Assert.Single((await mine.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        Assert.Equal("book", order.Str("item"));
        Assert.Equal(profile.Str("id"), order.Str("owner_id"));
    }

    [Fact]
    public async Task NoCredential_Is401WithABearerChallenge()
    {
        var response = await Orders.SendAsync(HttpMethod.Get, "/orders", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForgedCredentials_AreRefused()
    {
        var (_, tokens) = await Auth.SignUpAsync("forger");
        var genuine = tokens.Str("access_token");

        foreach (var forged in Forgeries(genuine))
        {
            var response = await Orders.SendAsync(HttpMethod.Get, "/orders", forged);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{(int)response.StatusCode} for forgery #{Forgeries(genuine).ToList().IndexOf(forged)}");
        }

        Assert.Equal(HttpStatusCode.OK, (await Orders.SendAsync(HttpMethod.Get, "/orders", genuine)).StatusCode);
    }

    [Fact]
    public async Task AdminPolicy_AdminReadsEveryOrder_OthersGet403()
    {
        var (_, tokens) = await Auth.SignUpAsync("plain");
        var admin = (await Auth.LoginOkAsync(AuthServerProcess.AdminUsername, AuthServerProcess.AdminPassword)).Str("access_token");
        var placed = await (await PlaceAsync(tokens.Str("access_token"), "lamp")).Content.ReadFromJsonAsync<JsonElement>();

        var refused = await Orders.SendAsync(HttpMethod.Get, "/admin/orders", tokens.Str("access_token"));
        var all = await Orders.SendAsync(HttpMethod.Get, "/admin/orders", admin);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Contains((await all.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray(), o => o.Str("id") == placed.Str("id"));
    }

    [Fact]
    public async Task Logout_OnTheAuthServer_ReachesTheApiAsTheStrategyPromises()
    {
        var (_, tokens) = await Auth.SignUpAsync("leaving");
        var credential = tokens.Str("access_token");
        Assert.Equal(HttpStatusCode.OK, (await Orders.SendAsync(HttpMethod.Get, "/orders", credential)).StatusCode);

        var logout = await (await Auth.LogoutAsync(credential)).Content.ReadFromJsonAsync<JsonElement>();
        var watch = Stopwatch.StartNew();
        var accepted = 0;
        HttpStatusCode status;
        while ((status = (await Orders.SendAsync(HttpMethod.Get, "/orders", credential)).StatusCode) == HttpStatusCode.OK && watch.Elapsed < RevocationBound)
        {
            accepted++;
        }

        var validUntil = logout.GetProperty("access_token_valid_until").GetDateTimeOffset();
        if (RefusedAtOnce)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            output.WriteLine($"{fixture.Strategy}: refused by the orders API {watch.Elapsed.TotalMilliseconds:0.0} ms after the logout answered ({accepted} requests accepted in between)");
        }
        else
        {
            // The promise is "until exp": still accepted a second later, and exp is what the logout said.
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(TokenForge.Split(credential).Payload["exp"]!.GetValue<long>(), validUntil.ToUnixTimeSeconds());
            output.WriteLine($"{fixture.Strategy}: still accepted {watch.Elapsed.TotalSeconds:0.0} s after the logout ({accepted} requests), as promised until {validUntil:O}");
        }
    }

    /// <summary>Whether a logout is refused at once (revocable strategies), rather than at the token's <c>exp</c>.</summary>
    protected abstract bool RefusedAtOnce { get; }

    protected Task<HttpResponseMessage> PlaceAsync(string credential, string item)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = JsonContent.Create(new { item, quantity = 1 }) };
        request.Headers.Authorization = new("Bearer", credential);
        return Orders.Http.SendAsync(request);
    }

    /// <summary>What an attacker can make from a genuine credential and public knowledge.</summary>
    protected static IEnumerable<string> Forgeries(string genuine)
    {
        yield return "garbage";
        yield return new string('A', 43);
        if (!TokenForge.IsJwt(genuine))
        {
            yield return genuine[..^1] + (genuine[^1] == 'A' ? 'B' : 'A');
            yield break;
        }

        var (header, payload) = TokenForge.Split(genuine);
        var signature = genuine.Split('.')[2];
        yield return TokenForge.Encode(header) + "." + TokenForge.Encode(payload.With("sub", "someone-else")) + "." + signature;
        yield return TokenForge.Unsigned(header.With("alg", "none"), payload);
        yield return TokenForge.SignHmac(header.With("alg", "HS256"), payload, Encoding.UTF8.GetBytes("an attacker's own key of 32 bytes or more"));
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        yield return TokenForge.SignEcdsa(header.With("alg", "ES256"), payload, attacker);
        yield return TokenForge.SignHmac(header.With("typ", "JWT"), payload, Encoding.UTF8.GetBytes(AuthServerFactory.TestSigningKey));
    }
}
