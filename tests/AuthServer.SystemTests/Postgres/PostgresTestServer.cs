using AuthServer.SystemTests.Infrastructure;
using Npgsql;

namespace AuthServer.SystemTests.Postgres;

/// <summary>
/// The PostgreSQL the tests share: <c>POSTGRES_URL</c> when set (<c>.ci/run</c> starts one from Debian's package), else a
/// cluster of this test run's own from Debian's binaries, removed when the run ends. Each server gets a database of its
/// own, so tests never see each other's rows. Without either, tests that need it skip, naming the package.
/// </summary>
public static class PostgresTestServer
{
    public const string Variable = "POSTGRES_URL";

    private static readonly Lazy<string?> Resolved = new(Resolve);

    /// <summary>
    /// Skips the running <c>[SkippableFact]</c> (fails it under <c>AUTHSERVER_TESTS_STRICT=1</c>) when there is no PostgreSQL;
    /// returns <paramref name="value"/>, so a test class can call it in its base-constructor argument, before the base uses the server.
    /// </summary>
    public static T Require<T>(T value)
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 })
        {
            Installed.Require(SystemPrograms.PostgresServer);
        }

        _ = Resolved.Value; // rethrows a cluster that failed to start
        return value;
    }

    /// <summary>Connection string of the server (a maintenance database), or null when there is none.</summary>
    public static string? ConnectionString => Resolved.Value;

    /// <summary>True when a PostgreSQL is configured or installed (whether it starts is another matter).</summary>
    public static bool Available => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } || SystemPrograms.PostgresServer.Path is not null;

    /// <summary><c>postgres://user:password@host:port/db</c> as an Npgsql connection string; anything else is taken as one already.</summary>
    public static string FromUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql"))
        {
            return url;
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host, Port = uri.Port > 0 ? uri.Port : 5432 };
        var credentials = Uri.UnescapeDataString(uri.UserInfo).Split(':', 2);
        builder.Username = credentials[0].Length > 0 ? credentials[0] : "postgres";
        if (credentials.Length == 2)
        {
            builder.Password = credentials[1];
        }

        builder.Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } database ? database : "postgres";
        return builder.ConnectionString;
    }

    private static string? Resolve()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } url)
        {
            return FromUrl(url);
        }

        if (SystemPrograms.PostgresServer.Path is null)
        {
            return null;
        }

        // Stopped and deleted by its watchdog when the test process ends.
        return PostgresCluster.StartAsync().GetAwaiter().GetResult().ConnectionString;
    }
}
