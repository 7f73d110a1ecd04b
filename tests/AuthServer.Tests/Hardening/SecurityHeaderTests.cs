using System.Net;
using System.Net.Http.Json;
using AuthServer.Tests.Contract;
using AuthServer.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.Tests.Hardening;

/// <summary>
/// CONTRACT, headers: <c>X-Content-Type-Options: nosniff</c> on every response; <c>Cache-Control: no-store</c> and
/// <c>Pragma: no-cache</c> on token responses (login, refresh, password); a CSP with <c>frame-ancestors 'none'</c> on HTML pages.
/// </summary>
public sealed class SecurityHeaderTests(JwtRefreshServer server) : IClassFixture<JwtRefreshServer>
{
    private readonly ApiClient api = new(server.CreateClient());

    [Fact]
    public async Task EveryKindOfAnswer_CarriesNoSniff()
    {
        var (_, tokens) = await api.SignUpAsync("headers");
        var answers = new List<HttpResponseMessage>
        {
            await api.GetProfileAsync(tokens.Str("access_token")),
            await api.GetProfileAsync("not-a-token"),
            await api.Http.GetAsync("/no/such/path"),
            await api.Http.PostAsJsonAsync("/auth/login", new { }),
            await api.Http.GetAsync("/health/live"),
            await api.Http.GetAsync("/demo/index.html"),
            await api.Http.GetAsync("/openapi/v1.json"),
            await api.Http.GetAsync("/metrics"),
            // A malformed multipart body: the exception handler writes this one, after clearing the headers.
            await api.Http.PostAsync("/auth/revoke", new StringContent("--x\r\nbroken", System.Text.Encoding.ASCII, "multipart/form-data")),
        };

        Assert.All(answers, a => Assert.Equal("nosniff", a.Headers.GetValues("X-Content-Type-Options").Single()));
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task TokenResponses_AreNeverCached_ByAnyCache()
    {
        var (username, tokens) = await api.SignUpAsync("headers");
        var answers = new[]
        {
            await api.LoginAsync(username),
            await api.RefreshAsync(tokens.Str("refresh_token")),
            await api.ChangePasswordAsync(tokens.Str("access_token"), ApiClient.Password, "another good password"),
        };

        Assert.All(answers, a =>
        {
            Assert.Equal(HttpStatusCode.OK, a.StatusCode);
            Assert.Equal("no-store", a.Headers.CacheControl?.ToString());
            Assert.Equal("no-cache", a.Headers.Pragma.ToString());
        });
    }

    [Fact]
    public async Task HtmlPages_MayNotBeFramed_AndLoadNothingFromElsewhere()
    {
        // Every page this server ships, not only the ones known today.
        var wwwroot = server.Services.GetRequiredService<IWebHostEnvironment>().WebRootPath;
        var pages = Directory.GetFiles(wwwroot, "*.html", SearchOption.AllDirectories)
            .Select(file => "/" + Path.GetRelativePath(wwwroot, file).Replace(Path.DirectorySeparatorChar, '/'))
            .ToArray();
        Assert.Contains("/demo/index.html", pages);
        Assert.Contains("/compare/index.html", pages);

        foreach (var page in pages)
        {
            var response = await api.Http.GetAsync(page);

            Assert.True(response.StatusCode == HttpStatusCode.OK, page);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var values), $"{page} has no Content-Security-Policy");
            var policy = values.Single();
            Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
            Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        }
    }
}
