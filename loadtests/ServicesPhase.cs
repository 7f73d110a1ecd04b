using System.Net;
using System.Security.Cryptography;
using LoadTests.Cli;
using LoadTests.Infra;
using LoadTests.Load;
using LoadTests.Report;

namespace LoadTests;

/// <summary>What the services phase needs from the run.</summary>
internal sealed record ServicesPhaseSettings(RunOptions Options, string AuthServerDll, string OrdersDll, string Key, string WorkDir, string RedisConnection, Wrk Wrk);

/// <summary>
/// A second service (samples/OrdersApi, AuthServer.Client only) in front of each strategy: every variant (local JWT
/// validation with HS256 or ES256 keys, introspection with and without a cache) is started at once, then measured in
/// interleaved rounds, <c>GET /orders</c> against the service's own ceiling (<c>/health/live</c>, no credential), with the
/// CPU time both the service and the auth server spent per request; then how long a logout on the auth server takes to
/// be refused by the service. Services and auth servers share the server CPU: an introspection's cost on the auth server
/// counts against the service, as it would on a CPU bill.
/// </summary>
internal sealed class ServicesPhase(ServicesPhaseSettings s, ProgressReporter progress)
{
    public const string ClientId = "orders-api";
    public static readonly TimeSpan Cache = TimeSpan.FromSeconds(5);

    /// <summary>jwt-blacklist's local variant: the service holds the server's revocation list, fed by the same Redis.</summary>
    public const string RevocationList = "JwtBearer HS256 + the server's revocation list (Redis pub/sub)";

    private readonly string _secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
    private readonly List<(ServiceVariant Variant, ServerProcess Auth, ServerProcess Orders)> _running = [];
    private int _starts;

    /// <summary>Builds samples/OrdersApi (Release); null when it built, else why not.</summary>
    public static async Task<string?> BuildAsync(string repoRoot, CancellationToken ct)
    {
        string proj = Path.Combine(repoRoot, "samples", "OrdersApi", "OrdersApi.csproj");
        Cmd.Result r = await Cmd.RunAsync("dotnet", ["build", proj, "-c", "Release", "-nologo", "-v", "q"], repoRoot, TimeSpan.FromMinutes(8), ct);
        return r.ExitCode == 0 ? null : "dotnet build samples/OrdersApi failed:\n" + string.Join('\n', r.Output.Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Take(10));
    }

    public static IEnumerable<ServiceVariant> VariantsOf(string strategy) => strategy switch
    {
        "stateless-jwt" => [new($"{strategy}, JwtBearer HS256", strategy, "JwtBearer, shared HS256 key", "HS256", 0),
                            new($"{strategy}, JwtBearer ES256", strategy, "JwtBearer, ES256 keys from the JWKS", "ES256", 0)],
        "jwt-refresh" => [new($"{strategy}, JwtBearer HS256", strategy, "JwtBearer, shared HS256 key", "HS256", 0)],
        "jwt-blacklist" => [.. Introspected(strategy), new($"{strategy}, JwtBearer + revocation list", strategy, RevocationList, "HS256", 0)],
        _ => Introspected(strategy),
    };

    private static ServiceVariant[] Introspected(string strategy) =>
        [new($"{strategy}, introspection", strategy, "RFC 7662 introspection per request", "HS256", 0),
         new($"{strategy}, introspection + {Cache.TotalSeconds:0} s cache", strategy, $"introspection, answers cached {Cache.TotalSeconds:0} s", "HS256", Cache.TotalSeconds)];

    public async Task<ServicesResults> RunAsync(CancellationToken ct)
    {
        ServicesResults results = new();
        try
        {
            progress.Step("services: starting auth servers and orders APIs", 20);
            await StartAsync(results, ct);
            foreach (var (variant, auth, orders) in _running)
            {
                await JitWarmUpAsync(variant, auth, orders, ct);
            }

            for (int round = 1; round <= s.Options.Rounds; round++)
            {
                foreach (var (variant, auth, orders) in _running)
                {
                    results.Rounds.Add(await MeasureAsync(round, variant, auth, orders, ct));
                }
            }

            foreach (var (variant, auth, orders) in _running)
            {
                await RevocationAsync(variant, auth, orders, ct);
            }

            results.Status = results.Errors.Count == 0 && results.Variants.All(v => v.Failure is null) ? "ok" : "partial";
        }
        finally
        {
            foreach (var (_, auth, orders) in _running)
            {
                orders.Dispose();
                auth.Dispose();
            }
        }

        return results;
    }

    private async Task StartAsync(ServicesResults results, CancellationToken ct)
    {
        ServiceVariant[] variants = [.. s.Options.Strategies.SelectMany(VariantsOf)];
        results.Variants.AddRange(variants);
        await Task.WhenAll(variants.Select(async v =>
        {
            try
            {
                ServerProcess auth = await AuthServerHost.StartAsync(AuthConfig(v), $"services-auth-{Slug(v)}", NextStartCpu(), ct: ct);
                ServerProcess orders;
                try
                {
                    orders = await OrdersApiHost.StartAsync(s.OrdersDll, $"services-orders-{Slug(v)}", auth.BaseAddress, OrdersSettings(v), s.WorkDir, Orchestrator.ServerCpu, NextStartCpu(), ct);
                }
                catch
                {
                    auth.Dispose();
                    throw;
                }

                lock (_running)
                {
                    _running.Add((v, auth, orders));
                }
            }
            catch (ServerStartException e)
            {
                v.Failure = e.Message;
                progress.Say($"services: {v.Name} did not start: {e.Message}");
            }
        }));
        _running.Sort((x, y) => Array.IndexOf(variants, x.Variant).CompareTo(Array.IndexOf(variants, y.Variant)));
    }

    // Unmeasured load on both URLs, so no round measures code the JIT has not optimised yet.
    private async Task JitWarmUpAsync(ServiceVariant v, ServerProcess auth, ServerProcess orders, CancellationToken ct)
    {
        if (s.Options.JitWarmUp <= TimeSpan.Zero)
        {
            return;
        }

        progress.Step($"services JIT warm-up: {v.Name}", 2 * s.Options.JitWarmUp.TotalSeconds);
        await s.Wrk.RunAsync(new Uri(orders.BaseAddress, "/health/live"), null, s.Options.JitWarmUp, s.Options.Connections, ct);
        await s.Wrk.RunAsync(new Uri(orders.BaseAddress, "/orders"), await FreshTokenAsync(auth, ct), s.Options.JitWarmUp, s.Options.Connections, ct);
    }

    private async Task<ServiceRound> MeasureAsync(int round, ServiceVariant v, ServerProcess auth, ServerProcess orders, CancellationToken ct)
    {
        RunOptions o = s.Options;
        progress.Step($"services round {round}/{o.Rounds}: {v.Name}", 2 * (o.WarmUp + o.Duration).TotalSeconds);
        try
        {
            Uri ceilingUrl = new(orders.BaseAddress, "/health/live"), ordersUrl = new(orders.BaseAddress, "/orders");
            // The sign-up first: its password hashing on the auth server is over before the CPU count starts.
            string token = await FreshTokenAsync(auth, ct);
            await s.Wrk.RunAsync(ceilingUrl, null, o.WarmUp, o.Connections, ct);
            WrkResult ceiling = await s.Wrk.RunAsync(ceilingUrl, null, o.Duration, o.Connections, ct);
            await s.Wrk.RunAsync(ordersUrl, token, o.WarmUp, o.Connections, ct);
            (double service0, double auth0) = (orders.Process.CpuSeconds(), auth.Process.CpuSeconds());
            WrkResult measured = await s.Wrk.RunAsync(ordersUrl, token, o.Duration, o.Connections, ct);
            (double service1, double auth1) = (orders.Process.CpuSeconds(), auth.Process.CpuSeconds());
            double perRequest = 1e6 / Math.Max(measured.Requests, 1);
            progress.Result($"ceiling {ceiling.Rps:N0} req/s, /orders {measured.Rps:N0} req/s ({measured.Rps / Math.Max(ceiling.Rps, 1):0.00}), p99 {measured.P99Ms:0.0} ms"
                + (measured.Non2xx > 0 ? $", {measured.Non2xx} non-2xx!" : ""));
            if (measured.Non2xx + measured.SocketErrors > measured.Requests / 100)
            {
                return new ServiceRound(round, v.Name, ceiling, null, null, null,
                    $"/orders: {measured.Non2xx:N0} non-2xx and {measured.SocketErrors:N0} socket errors of {measured.Requests:N0} requests");
            }

            return new ServiceRound(round, v.Name, ceiling, measured, Math.Round((service1 - service0) * perRequest, 1), Math.Round((auth1 - auth0) * perRequest, 1), null);
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException)
        {
            progress.Say($"services round {round}, {v.Name}: {e.Message}");
            return new ServiceRound(round, v.Name, new WrkResult(0, 0, 0, 0, 0, 0, 0, 0, 0), null, null, null, e.Message);
        }
    }

    private async Task RevocationAsync(ServiceVariant v, ServerProcess auth, ServerProcess orders, CancellationToken ct)
    {
        RunOptions o = s.Options;
        bool revocable = v.Strategy is "jwt-blacklist" or "redis-session";
        int samples = !revocable ? (o.Quick ? 2 : 3) : v.CacheSeconds > 0 ? (o.Quick ? 2 : 5) : o.RevocationSamples;
        TimeSpan limit = revocable ? Plan.PollLimit(o, true) + TimeSpan.FromSeconds(v.CacheSeconds) : Plan.PollLimit(o, false);
        progress.Step($"services: {v.Name}: logout on the auth server → refused by the orders API ({samples} logouts)", samples * (limit.TotalSeconds + 0.1));
        try
        {
            v.Revocation = await ScenarioRunner.RunRevocationDelayAsync(auth.BaseAddress, orders.BaseAddress, samples, limit, "/orders", ct);
            v.RevocationVerdict = ServicesSection.Verdict(v);
            progress.Result(v.RevocationVerdict);
        }
        catch (HttpRequestException e)
        {
            v.Failure = "revocation delay: " + e.Message;
        }
    }

    private static async Task<string> FreshTokenAsync(ServerProcess auth, CancellationToken ct)
    {
        using AuthClient client = new(auth.BaseAddress, 2);
        return (await client.NewSessionAsync(ct)).Token.AccessToken;
    }

    private AuthServerConfig AuthConfig(ServiceVariant v)
    {
        string dir = Path.Combine(s.WorkDir, "services", Slug(v));
        Directory.CreateDirectory(dir);
        Dictionary<string, string> settings = new()
        {
            ["Introspection__Clients__0__Id"] = ClientId,
            ["Introspection__Clients__0__Secret"] = _secret,
            // The measurement is of the cost, not of the limiter: far above what one core can ask.
            ["Introspection__RequestsPerSecond"] = "1000000",
            ["Redis__KeyPrefix"] = $"services:{Slug(v)}:",
        };
        if (v.Algorithm == "ES256")
        {
            using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            string pem = Path.Combine(dir, "es256.pem");
            File.WriteAllText(pem, key.ExportPkcs8PrivateKeyPem());
            settings["Jwt__Algorithm"] = "ES256";
            settings["Jwt__EcdsaKeyFile"] = pem;
        }

        return new AuthServerConfig(s.AuthServerDll, v.Strategy, s.Key, Path.Combine(dir, "auth.db"), s.RedisConnection, dir, Orchestrator.ServerCpu, settings);
    }

    private Dictionary<string, string> OrdersSettings(ServiceVariant v) => v.Validation == RevocationList
        ? new()
        {
            ["AuthServer__SigningKey"] = s.Key,
            ["AuthServer__Redis"] = s.RedisConnection,
            ["AuthServer__RedisKeyPrefix"] = $"services:{Slug(v)}:",
        }
        : v.Strategy is "jwt-blacklist" or "redis-session"
        ? new()
        {
            ["AuthServer__ClientId"] = ClientId,
            ["AuthServer__ClientSecret"] = _secret,
            ["AuthServer__IntrospectionCacheDuration"] = TimeSpan.FromSeconds(v.CacheSeconds).ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        }
        : v.Algorithm == "HS256" ? new() { ["AuthServer__SigningKey"] = s.Key } : [];

    private static string Slug(ServiceVariant v) =>
        $"{v.Strategy}-{v.Algorithm.ToLowerInvariant()}{(v.Validation.Contains("introspection", StringComparison.Ordinal) ? "-intro" : "")}{(v.CacheSeconds > 0 ? "-cache" : "")}";

    // Startups (mostly JIT) use both CPUs; every process is moved to the server CPU before anything is measured.
    private string NextStartCpu() => Environment.ProcessorCount >= 2 && Interlocked.Increment(ref _starts) % 2 == 0 ? "1" : Orchestrator.ServerCpu;
}
