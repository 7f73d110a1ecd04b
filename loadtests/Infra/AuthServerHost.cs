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
public sealed class AuthServerHost : IDisposable
{
    private readonly ManagedProcess _process;

    private AuthServerHost(string name, int port, ManagedProcess process)
    {
        Name = name;
        Port = port;
        _process = process;
    }

    public string Name { get; }
    public int Port { get; }
    public Uri BaseUrl => new($"http://127.0.0.1:{Port}");
    public ManagedProcess Process => _process;

    /// <summary>
    /// Starts it and waits for GET /health/live; throws <see cref="ServerStartException"/> with the log tail if it never answers.
    /// <c>startCpu</c>, when not the configured CPU, is a single CPU to start on: the process moves to <c>c.Cpus</c> once up.
    /// </summary>
    public static async Task<AuthServerHost> StartAsync(
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

        ManagedProcess p = ManagedProcess.Start(
            name, startCpu ?? c.Cpus, "dotnet", [c.DllPath, "--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"],
            Path.Combine(c.WorkDir, "logs", name + ".log"), workDir: c.WorkDir, env: env);
        AuthServerHost host = new(name, port, p);
        using HttpClient http = new() { Timeout = TimeSpan.FromSeconds(2) };
        // Generous: a dozen instances start at once, and on a shared machine JIT can crawl.
        TimeSpan limit = timeout ?? TimeSpan.FromSeconds(120);
        DateTime end = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < end)
        {
            ct.ThrowIfCancellationRequested();
            if (p.HasExited)
            {
                break;
            }

            try
            {
                using HttpResponseMessage r = await http.GetAsync(new Uri(host.BaseUrl, "/health/live"), ct);
                if (r.IsSuccessStatusCode)
                {
                    if (startCpu is not null && startCpu != c.Cpus)
                    {
                        await p.RepinAsync(c.Cpus);
                    }

                    return host;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // slow first answer
            }

            await Task.Delay(100, ct);
        }

        string why = p.HasExited ? "exited at start" : $"did not answer /health/live within {limit.TotalSeconds:0} s";
        string tail = p.Tail();
        host.Dispose();
        string last = tail.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim() ?? "";
        throw new ServerStartException($"{name} ({c.Strategy}) {why}" + (last.Length > 0 ? $": {last}" : ""), tail);
    }

    public void Dispose() => _process.Dispose();
}

/// <summary>A server that would not come up; carries the end of its log for the report.</summary>
public sealed class ServerStartException(string message, string logTail) : Exception(message)
{
    public string LogTail { get; } = logTail;
}
