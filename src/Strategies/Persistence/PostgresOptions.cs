namespace AuthServer.Strategies.Persistence;

/// <summary>The <c>Postgres</c> section; the server itself is named by <c>ConnectionStrings:Postgres</c>.</summary>
public sealed class PostgresOptions
{
    public const string Section = "Postgres";

    /// <summary>
    /// How long start-up keeps retrying an unreachable PostgreSQL (in docker-compose it may start after the replicas)
    /// before the server exits with a one-line error.
    /// </summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
