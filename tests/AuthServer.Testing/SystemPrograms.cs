namespace AuthServer.Testing;

/// <summary>
/// The Debian programs the tests and load tests start (a real redis-server, PostgreSQL, Chromium, nginx): where each is
/// installed, or null, and which package installs it. What a missing one means is the caller's: the system tests skip
/// (or fail, under strict), the load tests stop before they start.
/// </summary>
public static class SystemPrograms
{
    public static readonly SystemProgram RedisServer = new("redis-server", "redis-server", () => FindOnPath("redis-server", "REDIS_SERVER"));

    public static readonly SystemProgram RedisSentinel = new("redis-sentinel", "redis-sentinel", () => FindOnPath("redis-sentinel", "REDIS_SENTINEL"));

    public static readonly SystemProgram RedisCli = new("redis-cli", "redis-tools", () => FindOnPath("redis-cli", "REDIS_CLI"));

    /// <summary>The directory holding <c>postgres</c>, <c>initdb</c> and <c>pg_ctl</c>: <c>PG_BIN</c>, else Debian's newest.</summary>
    public static readonly SystemProgram PostgresServer = new("PostgreSQL server (initdb, pg_ctl)", "postgresql", FindPostgresBin);

    public static readonly SystemProgram Chromium = new(
        "chromium and chromedriver",
        "chromium chromium-driver",
        () => File.Exists("/usr/bin/chromium") && File.Exists("/usr/bin/chromedriver") ? "/usr/bin/chromium" : null);

    public static readonly SystemProgram Nginx = new("nginx", "nginx", () => FindOnPath("nginx", "NGINX", "/usr/sbin"));

    public static readonly SystemProgram OpenSsl = new("openssl", "openssl", () => FindOnPath("openssl", "OPENSSL"));

    /// <summary>What is missing of <paramref name="programs"/> and how to install it (<c>needs nginx: apt-get install -y nginx</c>), or null.</summary>
    public static string? Missing(params SystemProgram[] programs)
    {
        var missing = programs.Where(p => p.Path is null).ToArray();
        return missing.Length == 0
            ? null
            : $"needs {string.Join(" and ", missing.Select(p => p.Name))}: apt-get install -y {string.Join(' ', missing.Select(p => p.Package))}";
    }

    private static string? FindOnPath(string name, string variable, params string[] extraDirectories)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } given)
        {
            return File.Exists(given) ? given : null;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(extraDirectories).Append("/usr/bin")
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
    }

    private static string? FindPostgresBin()
    {
        if (Environment.GetEnvironmentVariable("PG_BIN") is { Length: > 0 } given)
        {
            return File.Exists(Path.Combine(given, "pg_ctl")) ? given : null;
        }

        const string debian = "/usr/lib/postgresql";
        return Directory.Exists(debian)
            ? Directory.GetDirectories(debian)
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "pg_ctl")) && File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
    }
}

/// <summary>One program a test needs, and the Debian package(s) that install it.</summary>
public sealed class SystemProgram(string name, string package, Func<string?> locate)
{
    private readonly Lazy<string?> path = new(locate);

    public string Name { get; } = name;

    public string Package { get; } = package;

    /// <summary>Where it is installed, or null.</summary>
    public string? Path => path.Value;
}
