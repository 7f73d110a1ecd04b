namespace LoadTests.Cli;

/// <summary>What one run measures and where it writes; parsed from the command line.</summary>
public sealed record RunOptions
{
    public required string OutDir { get; init; }
    public bool Quick { get; init; }
    public required IReadOnlyList<string> Strategies { get; init; }
    /// <summary>Measured length of each wrk segment (hot path, scale-out).</summary>
    public required TimeSpan Duration { get; init; }
    /// <summary>Measured length of the C# scenarios (login, refresh) and of each third of the outage run.</summary>
    public required TimeSpan ScenarioDuration { get; init; }
    public required TimeSpan WarmUp { get; init; }
    /// <summary>Load on each server's two hot-path URLs before the first round, so its JIT has finished tiering up.</summary>
    public TimeSpan JitWarmUp { get; init; }
    public required int Rounds { get; init; }
    /// <summary>Back-to-back /profile pairs per round of jwt-blacklist and stateless-jwt (loadtests/HotPathPairs.cs).</summary>
    public int Pairs { get; init; }
    public required int Connections { get; init; }
    public required int RevocationSamples { get; init; }
    public required string RepoRoot { get; init; }
    public string? PeersDir { get; init; }
    public bool Build { get; init; } = true;
    /// <summary>Also measure a second service (samples/OrdersApi) in front of each strategy.</summary>
    public bool Services { get; init; } = true;
    /// <summary>Only the Sentinel failover phase (of the chosen Redis strategies): no hot path, no other scenario.</summary>
    public bool FailoverOnly { get; init; }
    /// <summary>Also measure jwt-refresh on this run's own PostgreSQL (when jwt-refresh is in the run and PostgreSQL is installed).</summary>
    public bool Postgres { get; init; } = true;

    public static readonly string[] AllStrategies = ["stateless-jwt", "jwt-refresh", "jwt-blacklist", "redis-session"];

    public const string Usage = """
        usage: dotnet run --project loadtests -c Release -- [options]
          --out DIR            where report.md, report.html, results.json go (default reports/latest)
          --quick              short segments, one round: the whole run in under 3 minutes
          --strategies a,b     subset of stateless-jwt,jwt-refresh,jwt-blacklist,redis-session
          --duration 8s        measured length of each load segment (default 8s; quick: 1s for wrk, 2s for the C# scenarios)
          --rounds N           interleaved hot-path rounds (default 3, quick 1); the report takes the median
          --pairs N            back-to-back /profile pairs of jwt-blacklist and stateless-jwt per round (default 5, quick 2; 0: none)
          --connections N      wrk connections on the hot path (default 64)
          --samples N          logouts measured per revocable strategy (default 100, quick 10)
          --peers DIR          shared/bench/peers directory (default ../shared/bench/peers); 'none' skips them
          --repo DIR           repository root (default: found from this program's location)
          --no-build           use the AuthServer build already in src/AuthServer/bin/Release
          --no-services        skip the second service (samples/OrdersApi) in front of each strategy
          --only failover      run only the Sentinel failover phase (jwt-blacklist, redis-session)
          --no-postgres        skip jwt-refresh on PostgreSQL (measured when jwt-refresh runs and Debian's postgresql is installed)
        """;

    public static RunOptions Parse(string[] args)
    {
        string outDir = Path.Combine("reports", "latest");
        bool quick = false, build = true, services = true, failoverOnly = false, postgres = true;
        string? strategies = null, duration = null, rounds = null, pairs = null, conns = null, peers = null, repo = null, samples = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--out": outDir = Next(); break;
                case "--quick": quick = true; break;
                case "--strategies": strategies = Next(); break;
                case "--duration": duration = Next(); break;
                case "--rounds": rounds = Next(); break;
                case "--pairs": pairs = Next(); break;
                case "--connections": conns = Next(); break;
                case "--samples": samples = Next(); break;
                case "--peers": peers = Next(); break;
                case "--repo": repo = Next(); break;
                case "--no-build": build = false; break;
                case "--no-services": services = false; break;
                case "--only":
                    failoverOnly = Next() == "failover" ? true : throw new ArgumentException("--only takes 'failover'");
                    break;
                case "--no-postgres": postgres = false; break;
                default: throw new ArgumentException($"unknown option '{args[i]}'");
            }
        }

        string[] chosen = strategies is null
            ? AllStrategies
            : strategies.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (string s in chosen)
        {
            if (!AllStrategies.Contains(s))
            {
                throw new ArgumentException($"unknown strategy '{s}'");
            }
        }

        string repoRoot = repo is null ? FindRepoRoot() : Path.GetFullPath(repo);
        string? peersDir = peers switch
        {
            "none" => null,
            null => Path.GetFullPath(Path.Combine(repoRoot, "..", "shared", "bench", "peers")),
            _ => Path.GetFullPath(peers),
        };
        TimeSpan measured = duration is null ? TimeSpan.FromSeconds(quick ? 1 : 8) : ParseDuration(duration);
        return new RunOptions
        {
            OutDir = Path.GetFullPath(outDir),
            Quick = quick,
            Strategies = chosen,
            Duration = measured,
            ScenarioDuration = duration is null && quick ? TimeSpan.FromSeconds(2) : measured,
            WarmUp = TimeSpan.FromSeconds(quick ? 1 : 2),
            // Measured here: under full load on one core, .NET took more than 8 s to tier up the /profile path.
            JitWarmUp = TimeSpan.FromSeconds(quick ? 0 : 10),
            Rounds = rounds is null ? (quick ? 1 : 3) : int.Parse(rounds, System.Globalization.CultureInfo.InvariantCulture),
            Pairs = pairs is null ? (quick ? 2 : 5) : int.Parse(pairs, System.Globalization.CultureInfo.InvariantCulture),
            Connections = conns is null ? 64 : int.Parse(conns, System.Globalization.CultureInfo.InvariantCulture),
            RevocationSamples = samples is null ? (quick ? 10 : 100) : int.Parse(samples, System.Globalization.CultureInfo.InvariantCulture),
            RepoRoot = repoRoot,
            PeersDir = peersDir,
            Build = build,
            Services = services,
            FailoverOnly = failoverOnly,
            Postgres = postgres,
        };
    }

    /// <summary>Parses 500ms, 10s, 2m or a plain number of seconds.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        System.Globalization.CultureInfo inv = System.Globalization.CultureInfo.InvariantCulture;
        if (text.EndsWith("ms", StringComparison.Ordinal))
        {
            return TimeSpan.FromMilliseconds(double.Parse(text[..^2], inv));
        }

        return text[^1] switch
        {
            's' => TimeSpan.FromSeconds(double.Parse(text[..^1], inv)),
            'm' => TimeSpan.FromMinutes(double.Parse(text[..^1], inv)),
            _ => TimeSpan.FromSeconds(double.Parse(text, inv)),
        };
    }

    private static string FindRepoRoot()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (DirectoryInfo? d = new(start); d is not null; d = d.Parent)
            {
                if (File.Exists(Path.Combine(d.FullName, "loadtests", "LoadTests.csproj")))
                {
                    return d.FullName;
                }
            }
        }

        throw new InvalidOperationException("cannot find the repository root (a folder with loadtests/LoadTests.csproj); pass --repo");
    }
}
