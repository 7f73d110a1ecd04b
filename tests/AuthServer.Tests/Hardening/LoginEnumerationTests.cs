using System.Net;
using AuthServer.Tests.Infrastructure;

namespace AuthServer.Tests.Hardening;

/// <summary>
/// Nothing in a login answer tells whether the username exists: not the status, body, headers, nor the point at
/// which the rate limit starts. (Timing: LoginTests.Login_UnknownUser_CostsAboutAsMuchAsAWrongPassword.)
/// </summary>
public sealed class LoginEnumerationTests : IDisposable
{
    private readonly AuthServerFactory server = new("stateless-jwt", new Dictionary<string, string?> { ["RateLimiting:LoginPermitLimit"] = "2" });
    private readonly ApiClient api;

    public LoginEnumerationTests() => api = new ApiClient(server.CreateClient());

    [Fact]
    public async Task KnownAndUnknownUsers_GetTheSameStatusesHeadersAndBodies_UpToAndPastTheLimit()
    {
        var known = ApiClient.NewUsername("known");
        (await api.RegisterAsync(known)).EnsureSuccessStatusCode();

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var knownAnswer = await api.LoginAsync(known, "not the password");
            var unknownAnswer = await api.LoginAsync(ApiClient.NewUsername("nobody"), "not the password");
            var unknownAgain = await api.LoginAsync("nobody-fixed", "not the password");

            Assert.Equal(attempt < 2 ? HttpStatusCode.Unauthorized : HttpStatusCode.TooManyRequests, knownAnswer.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, unknownAnswer.StatusCode);
            Assert.Equal(knownAnswer.StatusCode, unknownAgain.StatusCode);
            Assert.Equal(HeaderNames(knownAnswer), HeaderNames(unknownAgain));
            Assert.Equal(await BodyAsync(knownAnswer), await BodyAsync(unknownAgain));
        }
    }

    [Fact]
    public async Task TokenResponses_AreNeverCached()
    {
        var username = ApiClient.NewUsername("cache");
        (await api.RegisterAsync(username)).EnsureSuccessStatusCode();

        var response = await api.LoginAsync(username);

        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    public void Dispose() => server.Dispose();

    private static string HeaderNames(HttpResponseMessage response) =>
        string.Join(",", response.Headers.Concat(response.Content.Headers).Select(h => h.Key).Where(k => k != "Content-Length").Order());

    private static async Task<string> BodyAsync(HttpResponseMessage response) =>
        System.Text.RegularExpressions.Regex.Replace(await response.Content.ReadAsStringAsync(), "\"trace_id\":\"[^\"]*\"", string.Empty);
}
