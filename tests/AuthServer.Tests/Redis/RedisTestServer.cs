using AuthServer.EmbeddedRedis;
using AuthServer.Strategies.Redis;
using Testcontainers.Redis;

namespace AuthServer.Tests.Redis;

/// <summary>
/// The Redis the tests share: <c>REDIS_URL</c> when set (CI starts Debian's redis-server), else a Testcontainers
/// Redis when a Docker engine answers, else an embedded Garnet server, so <c>dotnet test</c> passes on a fresh machine.
/// Tests never flush it: each server gets its own key prefix and each test its own users.
/// </summary>
public static class RedisTestServer
{
    private static readonly Lazy<Task<string>> Resolved = new(() => Task.Run(ResolveAsync));

    /// <summary>Where the Redis came from, for test output.</summary>
    public static string Source { get; private set; } = "unresolved";

    public static string ConnectionString => Resolved.Value.GetAwaiter().GetResult();

    public static string NewKeyPrefix() => $"test:{Guid.NewGuid():N}:";

    /// <summary>Settings pointing a server at the shared Redis under a prefix of its own.</summary>
    public static Dictionary<string, string?> Settings(string keyPrefix, string? connectionString = null) => new()
    {
        ["ConnectionStrings:Redis"] = connectionString ?? ConnectionString,
        ["Redis:KeyPrefix"] = keyPrefix,
    };

    /// <summary><c>redis://[user:password@]host:port[/db]</c> as a StackExchange.Redis string; anything else is taken as one already.</summary>
    public static string FromRedisUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("redis" or "rediss"))
        {
            return url;
        }

        var parts = new List<string> { $"{uri.Host}:{(uri.Port > 0 ? uri.Port : 6379)}" };
        if (uri.UserInfo.Length > 0)
        {
            var credentials = Uri.UnescapeDataString(uri.UserInfo).Split(':', 2);
            parts.Add(credentials.Length == 2 ? $"user={credentials[0]},password={credentials[1]}" : $"password={credentials[0]}");
        }

        if (uri.AbsolutePath.Trim('/') is { Length: > 0 } database)
        {
            parts.Add($"defaultDatabase={database}");
        }

        if (uri.Scheme == "rediss")
        {
            parts.Add("ssl=true");
        }

        return string.Join(',', parts);
    }

    private static async Task<string> ResolveAsync()
    {
        if (Environment.GetEnvironmentVariable("REDIS_URL") is { Length: > 0 } url)
        {
            Source = "REDIS_URL";
            return FromRedisUrl(url);
        }

        if (DockerMayAnswer())
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
                var container = new RedisBuilder("redis:7.0").Build();
                await container.StartAsync(timeout.Token);
                Source = "Testcontainers";
                return container.GetConnectionString();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // No usable engine after all: fall through to the embedded server.
            }
        }

        Source = "embedded Garnet";
        return new EmbeddedRedisServer().ConnectionString;
    }

    private static bool DockerMayAnswer() =>
        Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } || File.Exists("/var/run/docker.sock");
}
