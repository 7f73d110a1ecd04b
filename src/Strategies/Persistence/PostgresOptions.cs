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

    /// <summary>
    /// How long PostgreSQL may answer nothing at all (no call, no <c>SELECT 1</c> ping) while calls wait, before they
    /// answer 503. Under a second, so that a hung database is a 503 within one; a healthy call takes milliseconds, and a
    /// slow one while the server answers is not a hang.
    /// </summary>
    public TimeSpan HangTimeout { get; set; } = TimeSpan.FromMilliseconds(750);
}
