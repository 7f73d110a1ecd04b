using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthServer.Strategies.Persistence;
using AuthServer.Tests.Infrastructure;
using AuthServer.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuthServer.Tests.Users;

[Collection(TimingSensitive.Name)]
public sealed class LoginTests : IDisposable
{
    // The production work factor: these tests read it back, rehash to it, and time it.
    private readonly AuthServerFactory server = new("stateless-jwt", new Dictionary<string, string?> { ["RateLimiting:LoginPermitLimit"] = "3" })
    {
        PasswordHashIterations = AuthServerFactory.ProductionHashing,
    };
    private readonly ApiClient api;

    public LoginTests() => api = new ApiClient(server.CreateClient());

    [Fact]
    public async Task Login_PastTheLimit_Returns429WithRetryAfter()
    {
        var username = ApiClient.NewUsername("limited");
        (await api.RegisterAsync(username)).EnsureSuccessStatusCode();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.LoginAsync(username, "wrong password")).StatusCode);
        }

        var limited = await api.LoginAsync(username);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After must say how long to wait.");
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Login_Limit_IsPerUsername_CaseInsensitively()
    {
        var limitedName = ApiClient.NewUsername("limited");
        var otherName = ApiClient.NewUsername("other");
        (await api.RegisterAsync(otherName)).EnsureSuccessStatusCode();
        for (var i = 0; i < 3; i++)
        {
            await api.LoginAsync(limitedName, "wrong password");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await api.LoginAsync(limitedName.ToUpperInvariant(), "x")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.LoginAsync(otherName)).StatusCode);
    }

    [Fact]
    public async Task Register_StoresAnIdentityV3HashAt210000Pbkdf2Sha512Iterations()
    {
        var username = ApiClient.NewUsername("hash");
        (await api.RegisterAsync(username)).EnsureSuccessStatusCode();

        var (prf, iterations) = ReadHashParameters(await StoredHashAsync(username));

        Assert.Equal(2, prf); // KeyDerivationPrf.HMACSHA512
        Assert.Equal(210_000, iterations);
    }

    [Fact]
    public async Task Login_WithAnOldHash_RehashesAtTheCurrentParameters()
    {
        var username = ApiClient.NewUsername("legacy");
        var weak = new PasswordHasher<UserRecord>(Options.Create(new PasswordHasherOptions { IterationCount = 100_000 }));
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
            var user = new UserRecord { Id = Guid.NewGuid().ToString(), Username = username, NormalizedUsername = username.ToUpperInvariant(), PasswordHash = string.Empty };
            user.PasswordHash = weak.HashPassword(user, ApiClient.Password);
            db.Users.Add(user);
            await db.SaveChangesAsync();
        }

        await api.LoginOkAsync(username);

        Assert.Equal(210_000, ReadHashParameters(await StoredHashAsync(username)).Iterations);
        await api.LoginOkAsync(username);
    }

    [Fact]
    public async Task Login_UnknownUser_CostsAboutAsMuchAsAWrongPassword()
    {
        var username = ApiClient.NewUsername("timing");
        (await api.RegisterAsync(username)).EnsureSuccessStatusCode();
        using var unlimited = new AuthServerFactory("stateless-jwt") { PasswordHashIterations = AuthServerFactory.ProductionHashing };
        var timed = new ApiClient(unlimited.CreateClient());
        (await timed.RegisterAsync(username)).EnsureSuccessStatusCode();

        var wrongPassword = await MedianAsync(() => timed.LoginAsync(username, "wrong password"));
        var unknownUser = await MedianAsync(() => timed.LoginAsync(ApiClient.NewUsername("nobody"), "wrong password"));

        // Without the dummy hash an unknown user answers ~100x faster; a wide band keeps this robust on a noisy machine.
        Assert.InRange(unknownUser / wrongPassword, 0.5, 2.0);
    }

    public void Dispose() => server.Dispose();

    private async Task<string> StoredHashAsync(string username)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        var normalized = username.ToUpperInvariant();
        return await db.Users.Where(u => u.NormalizedUsername == normalized).Select(u => u.PasswordHash).SingleAsync();
    }

    // Identity V3 format: 0x01, PRF, iteration count, salt length (big-endian uint32s), salt, subkey.
    private static (int Prf, int Iterations) ReadHashParameters(string hash)
    {
        var bytes = Convert.FromBase64String(hash);
        Assert.Equal(0x01, bytes[0]);
        return (ReadUInt32(bytes, 1), ReadUInt32(bytes, 5));
    }

    private static int ReadUInt32(byte[] bytes, int offset) => (bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3];

    private static async Task<double> MedianAsync(Func<Task<HttpResponseMessage>> login)
    {
        var samples = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            var watch = Stopwatch.StartNew();
            var response = await login();
            samples.Add(watch.Elapsed.TotalMilliseconds);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            _ = await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        samples.Sort();
        return samples[samples.Count / 2];
    }
}
