using System.Net;
using System.Security.Cryptography;
using AuthServer.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AuthServer.Tests.Jwt;

/// <summary>
/// docs/key-rotation.md, step by step: each step is a server started over the same database with the next key
/// list. A token signed by the retiring key works until its exp; once the key is removed it is refused.
/// </summary>
public sealed class KeyRotationTests : IDisposable
{
    private readonly string keyA = NewSecret();
    private readonly string keyB = NewSecret();
    private readonly List<AuthServerFactory> servers = [];
    private string? database;

    [Fact]
    public async Task TokenSignedByTheRetiringKey_WorksUntilItsExp()
    {
        var token = await IssueAsync(Step(Keys(("a", keyA))));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var rotated = new ApiClient(Step(Keys(("a", keyA), ("b", keyB)), active: "b", time: time).CreateClient());

        var beforeExp = await rotated.GetProfileAsync(token);
        var newToken = await IssueAsync(servers[^1]);
        time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        var afterExp = await rotated.GetProfileAsync(token);

        Assert.Equal(HttpStatusCode.OK, beforeExp.StatusCode);
        Assert.Equal("b", TokenForge.Split(newToken).Header["kid"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, afterExp.StatusCode);
        Assert.Contains("expired", afterExp.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenSignedByARemovedKey_IsRefused_WhileTheNewKeysTokenWorks()
    {
        var old = await IssueAsync(Step(Keys(("a", keyA))));
        var current = await IssueAsync(Step(Keys(("a", keyA), ("b", keyB)), active: "b"));
        var after = new ApiClient(Step(Keys(("b", keyB))).CreateClient());

        var refused = await after.GetProfileAsync(old);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("signing key is unknown", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await after.GetProfileAsync(current)).StatusCode);
    }

    [Fact]
    public async Task MovingTheSingleSigningKeyIntoJwtKeys_KeepsItsTokensWorking()
    {
        var token = await IssueAsync(Step(new() { ["Jwt:SigningKey"] = keyA }));
        var settings = Keys((null, keyA), ("b", keyB));

        var response = await new ApiClient(Step(settings, active: "b").CreateClient()).GetProfileAsync(token);

        // Without a Kid the key keeps the kid derived from it, so tokens issued before the move still name it.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task KeyFromAFile_SignsAndVerifies()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, keyB + "\n");
        try
        {
            var server = Step(new() { ["Jwt:Keys:0:Kid"] = "from-file", ["Jwt:Keys:0:File"] = file });
            var token = await IssueAsync(server);

            Assert.Equal("from-file", TokenForge.Split(token).Header["kid"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.OK, (await new ApiClient(server.CreateClient()).GetProfileAsync(token)).StatusCode);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public void Dispose() => servers.ForEach(s => s.Dispose());

    internal static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    private static Dictionary<string, string?> Keys(params (string? Kid, string Key)[] keys)
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i].Kid is { } kid)
            {
                settings[$"Jwt:Keys:{i}:Kid"] = kid;
            }

            settings[$"Jwt:Keys:{i}:Key"] = keys[i].Key;
        }

        return settings;
    }

    private AuthServerFactory Step(Dictionary<string, string?> keys, string? active = null, FakeTimeProvider? time = null)
    {
        keys.TryAdd("Jwt:SigningKey", string.Empty);
        if (active is not null)
        {
            keys["Jwt:ActiveKeyId"] = active;
        }

        if (database is not null)
        {
            keys["ConnectionStrings:Sqlite"] = $"Data Source={database}";
        }

        var server = new AuthServerFactory("stateless-jwt", keys, time, environment: "Production");
        database ??= server.DatabasePath;
        servers.Add(server);
        return server;
    }

    private static async Task<string> IssueAsync(AuthServerFactory server)
    {
        var (_, tokens) = await new ApiClient(server.CreateClient()).SignUpAsync("rotate");
        return tokens.Str("access_token");
    }
}
