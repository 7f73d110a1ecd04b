using System.Globalization;

namespace LoadTests.Infra;

/// <summary>
/// How every AuthServer instance of one strategy is configured: same key, same SQLite file (or PostgreSQL), same Redis;
/// <c>Settings</c> are further environment variables (<c>Redis__WaitForReplicas</c>, <c>Introspection__Clients__0__Id</c>, …).
/// </summary>
public sealed record AuthServerConfig(
    string DllPath, string Strategy, string SigningKey, string SqlitePath, string RedisConnection, string WorkDir, string Cpus,
    IReadOnlyDictionary<string, string>? Settings = null)
{
    /// <summary>When set, users and refresh tokens live in this PostgreSQL database instead of the SQLite file.</summary>
    public string? PostgresConnection { get; init; }
}

/// <summary>One AuthServer process on a loopback port, started from the built DLL.</summary>
public static class AuthServerHost
{
    /// <summary>
    /// Starts it and waits for GET /health/live; throws <see cref="ServerStartException"/> with the log tail if it never answers.
    /// <c>startCpu</c>, when not the configured CPU, is a single CPU to start on: the process moves to <c>c.Cpus</c> once up.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(
        AuthServerConfig c, string name, string? startCpu = null, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        int port = Ports.Free();
        Dictionary<string, string> env = new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_NOLOGO"] = "1",
            ["Auth__Strategy"] = c.Strategy,
            ["Jwt__SigningKey"] = c.SigningKey,
            ["ConnectionStrings__Sqlite"] = $"Data Source={c.SqlitePath}",
            ["ConnectionStrings__Redis"] = c.RedisConnection,
            // Every worker comes from 127.0.0.1: the load would otherwise measure the limits, not the strategy.
            ["RateLimiting__LoginPermitLimit"] = "1000000",
            ["RateLimiting__AddressFailureLimit"] = "1000000",
            ["RateLimiting__AccountFailureLimit"] = "1000000",
            ["RateLimiting__RegisterPermitLimit"] = "1000000",
            ["Logging__LogLevel__Default"] = "Warning",
            // Runtime settings: the container image's gen0 cap (deploy/Dockerfile says why: this VM reports a 260 MB L3,
            // and the budget sized from it took peak RSS past 200 MB), so the report's memory is the image's. And, for
            // these runs only: without tiered PGO's instrumented tier the server is at full speed seconds after start,
            // so the short measured rounds do not time the JIT's profiling.
            ["DOTNET_GCgen0size"] = "0x1000000",
            ["DOTNET_TieredPGO"] = "0",
        };
        if (c.PostgresConnection is not null)
        {
            env["ConnectionStrings__Postgres"] = c.PostgresConnection;
        }

        foreach ((string k, string v) in c.Settings ?? new Dictionary<string, string>())
        {
            env[k] = v;
        }

        string p = port.ToString(CultureInfo.InvariantCulture);
        ServerLaunch launch = new(name, "dotnet", [c.DllPath, "--urls", $"http://127.0.0.1:{p}"], new Uri($"http://127.0.0.1:{p}"))
        {
            Environment = env,
            WorkingDirectory = c.WorkDir,
            LogPath = Path.Combine(c.WorkDir, "logs", name + ".log"),
            Cpus = c.Cpus,
            StartCpus = startCpu,
            // Generous: a dozen instances start at once, and on a shared machine JIT can crawl.
            Patience = timeout ?? TimeSpan.FromSeconds(120),
        };
        try
        {
            return await ServerProcess.StartAsync(launch, ct);
        }
        catch (ServerStartException e)
        {
            throw new ServerStartException($"{e.Message} ({c.Strategy})", e.LogTail);
        }
    }
}
