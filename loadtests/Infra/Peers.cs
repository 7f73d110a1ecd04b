using System.Net.Http.Json;
using System.Text.Json;

namespace LoadTests.Infra;

/// <summary>Whether a reference server of shared/bench/peers could be built here, and why not.</summary>
public sealed record PeerStatus(string Name, bool Available, string Note);

/// <summary>
/// The hot-path reference servers of shared/bench/peers (same /ping, /login, /profile, HS256 JWT):
/// copied to a writable cache (shared/ is read-only), built with their own toolchains where present,
/// and started like shared/bench/peers/lib.sh does.
/// </summary>
public sealed class Peers(string sourceDir, string cacheDir, IReadOnlyList<string> wanted)
{
    public static readonly string[] Names = ["go-seed", "aspnet-jwtbearer", "node-fastify"];

    /// <summary>The two the targets are stated against (--quick measures only these).</summary>
    public static readonly string[] TargetNames = ["go-seed", "aspnet-jwtbearer"];
    private static readonly string[] s_skip = ["node_modules", "bin", "obj", ".gopath", "results"];

    /// <summary>Copies and builds every peer; a peer whose toolchain is missing or whose build fails is unavailable.</summary>
    public async Task<IReadOnlyList<PeerStatus>> PrepareAsync(CancellationToken ct)
    {
        if (!Directory.Exists(sourceDir))
        {
            return [.. wanted.Select(n => new PeerStatus(n, false, $"no {sourceDir}"))];
        }

        SyncTree(sourceDir, cacheDir);
        Task<PeerStatus>[] builds = [.. wanted.Select(n => n switch
        {
            "go-seed" => BuildGoAsync(ct),
            "aspnet-jwtbearer" => BuildAsync(n, "dotnet", ["build", "-c", "Release", "-nologo", "-v", "q"], ct),
            _ => BuildNodeAsync(ct),
        })];
        return await Task.WhenAll(builds);
    }

    /// <summary>Starts one peer pinned to <paramref name="cpus"/> and waits for GET /ping.</summary>
    public async Task<ManagedProcess> StartAsync(string name, int port, string secret, string cpus, string startCpu, string logDir, CancellationToken ct)
    {
        string p = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        (string program, string[] args, string workDir) = name switch
        {
            "go-seed" => (Path.Combine(cacheDir, "go-seed", "go-seed"), Array.Empty<string>(), cacheDir),
            "aspnet-jwtbearer" => ("dotnet", ["bin/Release/net10.0/AspnetJwtBearer.dll", "--urls", $"http://127.0.0.1:{p}"], Path.Combine(cacheDir, name)),
            _ => ("node", ["server.js"], Path.Combine(cacheDir, name)),
        };
        ServerLaunch launch = new($"peer {name}", program, args, new Uri($"http://127.0.0.1:{p}"))
        {
            Environment = new Dictionary<string, string> { ["PORT"] = p, ["JWT_SECRET"] = secret, ["DOTNET_NOLOGO"] = "1" },
            WorkingDirectory = workDir,
            LogPath = Path.Combine(logDir, name + ".log"),
            Cpus = cpus,
            StartCpus = startCpu,
            ReadyPath = "/ping",
            Patience = TimeSpan.FromSeconds(30),
        };
        return (await ServerProcess.StartAsync(launch, ct)).Process;
    }

    /// <summary>POST /login {"user_id":"bench-user"} as shared/bench/hotpath.sh does.</summary>
    public static async Task<string> LoginAsync(int port, CancellationToken ct)
    {
        using HttpClient http = new() { Timeout = TimeSpan.FromSeconds(5) };
        using HttpResponseMessage r = await http.PostAsJsonAsync(new Uri($"http://127.0.0.1:{port}/login"), new { user_id = "bench-user" }, ct);
        r.EnsureSuccessStatusCode();
        using JsonDocument doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync(ct));
        return doc.RootElement.GetProperty("access_token").GetString() ?? throw new InvalidOperationException("no access_token");
    }

    private async Task<PeerStatus> BuildGoAsync(CancellationToken ct)
    {
        const string jwtSrc = "/usr/share/gocode/src/github.com/golang-jwt/jwt/go.mod";
        if (!Cmd.Exists("go") || !File.Exists(jwtSrc))
        {
            return new PeerStatus("go-seed", false, "needs Debian packages golang-go and golang-github-golang-jwt-jwt-dev");
        }

        return await BuildAsync("go-seed", "bash", [Path.Combine(cacheDir, "go-seed", "build.sh")], ct);
    }

    private async Task<PeerStatus> BuildNodeAsync(CancellationToken ct)
    {
        if (!Cmd.Exists("node") || !Cmd.Exists("npm"))
        {
            return new PeerStatus("node-fastify", false, "needs node and npm");
        }

        string dir = Path.Combine(cacheDir, "node-fastify");
        string marker = Path.Combine(dir, "node_modules", ".package-lock.json");
        if (File.Exists(marker) && File.GetLastWriteTimeUtc(marker) >= File.GetLastWriteTimeUtc(Path.Combine(dir, "package-lock.json")))
        {
            return new PeerStatus("node-fastify", true, "built");
        }

        return await BuildAsync("node-fastify", "npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], ct);
    }

    private async Task<PeerStatus> BuildAsync(string name, string file, string[] args, CancellationToken ct)
    {
        if (!Cmd.Exists(file))
        {
            return new PeerStatus(name, false, $"needs {file}");
        }

        Cmd.Result r = await Cmd.RunAsync(file, args, Path.Combine(cacheDir, name), TimeSpan.FromMinutes(5), ct);
        return r.ExitCode == 0
            ? new PeerStatus(name, true, "built")
            : new PeerStatus(name, false, "build failed: " + string.Join(' ', r.Output.Split('\n').TakeLast(5)));
    }

    /// <summary>Copies files whose content changed, so the toolchains' incremental builds stay incremental.</summary>
    private static void SyncTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string f in Directory.EnumerateFiles(from))
        {
            string dest = Path.Combine(to, Path.GetFileName(f));
            if (!File.Exists(dest) || !File.ReadAllBytes(dest).AsSpan().SequenceEqual(File.ReadAllBytes(f)))
            {
                File.Copy(f, dest, overwrite: true);
                if (!OperatingSystem.IsWindows())
                {
                    // shared/ is read-only; the copy must stay writable for the next sync (build.sh keeps its x bit)
                    File.SetUnixFileMode(dest, File.GetUnixFileMode(f) | UnixFileMode.UserWrite);
                }
            }
        }

        foreach (string d in Directory.EnumerateDirectories(from))
        {
            if (!s_skip.Contains(Path.GetFileName(d)))
            {
                SyncTree(d, Path.Combine(to, Path.GetFileName(d)));
            }
        }
    }
}
