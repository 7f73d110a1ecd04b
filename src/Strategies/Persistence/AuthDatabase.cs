namespace AuthServer.Strategies.Persistence;

/// <summary>The engine holding users and refresh tokens: SQLite for one machine, PostgreSQL beyond it.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Which database this server was given, for the parts whose SQL or behaviour differs by engine.</summary>
public sealed class AuthDatabase(DatabaseProvider provider, string connectionString)
{
    public const string SqliteKey = "ConnectionStrings:Sqlite";

    public const string PostgresKey = "ConnectionStrings:Postgres";

    public DatabaseProvider Provider { get; } = provider;

    /// <summary>May hold a password: never logged, never in a message (see <see cref="PostgresConnectionString.Describe"/>).</summary>
    public string ConnectionString { get; } = connectionString;

    public bool IsPostgres => Provider == DatabaseProvider.Postgres;

    /// <summary>The name of its health check and of the store in a 503 problem.</summary>
    public string Name => IsPostgres ? "postgres" : "sqlite";

    public override string ToString() => Name;
}
