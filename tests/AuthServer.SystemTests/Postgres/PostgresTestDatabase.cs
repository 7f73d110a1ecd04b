using Npgsql;

namespace AuthServer.SystemTests.Postgres;

/// <summary>
/// A database name of one server's (or one test's) own on the shared PostgreSQL. The server creates it at start;
/// disposing drops it. Without a PostgreSQL, <see cref="Settings"/> is empty: the test skips before it is used.
/// </summary>
public sealed class PostgresTestDatabase : IDisposable
{
    public PostgresTestDatabase()
    {
        if (!PostgresTestServer.Available)
        {
            return;
        }

        try
        {
            var server = PostgresTestServer.ConnectionString;
            // Two shared cores run the whole suite: generous timeouts here (a burst of new connections on a cold server can
            // take more than the production default of 1 s); the outage tests use the production ones.
            ConnectionString = server is null ? null : new NpgsqlConnectionStringBuilder(server) { Database = Name, Timeout = 10, CommandTimeout = 10 }.ConnectionString;
        }
        catch (InvalidOperationException)
        {
            // The cluster did not start: PostgresTestServer.Require reports why, in the test.
        }
    }

    public string Name { get; } = $"authtest_{Guid.NewGuid():N}";

    /// <summary>The database's connection string, or null when there is no PostgreSQL.</summary>
    public string? ConnectionString { get; }

    /// <summary>What points a server at this database.</summary>
    public Dictionary<string, string?> Settings => ConnectionString is null ? [] : new() { ["ConnectionStrings:Postgres"] = ConnectionString };

    public void Dispose()
    {
        if (ConnectionString is null)
        {
            return;
        }

        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        // FORCE (PostgreSQL 13+): ends the sessions a disposed server left in its pool.
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }
}
