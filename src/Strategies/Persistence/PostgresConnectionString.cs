using System.Data.Common;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AuthServer.Strategies.Persistence;

/// <summary>Checks the operator's Npgsql connection string and fills in the timeouts that keep an outage a fast 503.</summary>
internal static class PostgresConnectionString
{
    /// <summary>
    /// Npgsql waits 15 s to connect and 30 s per command by default: a connection would hang that long on a dead database.
    /// One second each (Npgsql counts whole seconds), unless the connection string says otherwise; a timed-out command
    /// breaks its connection at once instead of waiting 2 s for the server to confirm the cancel. A request waits less
    /// still (<see cref="DatabaseGuard"/>). Two more for speed,
    /// measured side by side on the rotation path (server and PostgreSQL sharing one core): statements prepared on each
    /// connection after their first uses, and no session reset each time a pooled connection is reused (AuthServer sets
    /// no session state on pooled connections; its migration lock has a connection of its own).
    /// </summary>
    public static string WithDefaults(string connectionString)
    {
        var builder = Parse(connectionString);
        // The keys as written (Npgsql's builder would report its defaults as if given).
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!written.ContainsKey("Timeout"))
        {
            builder.Timeout = 1;
        }

        if (!written.ContainsKey("Command Timeout") && !written.ContainsKey("CommandTimeout"))
        {
            builder.CommandTimeout = 1;
        }

        if (!written.ContainsKey("Cancellation Timeout") && !written.ContainsKey("CancellationTimeout"))
        {
            builder.CancellationTimeout = -1;
        }

        if (!written.ContainsKey("Max Auto Prepare") && !written.ContainsKey("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 20;
        }

        if (!written.ContainsKey("No Reset On Close") && !written.ContainsKey("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    /// <summary>Host, port and database, for messages: never the password.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
    }

    private static NpgsqlConnectionStringBuilder Parse(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                throw Invalid("it names no Host.");
            }

            return builder;
        }
        catch (ArgumentException ex)
        {
            // Npgsql names the bad keyword, never the values.
            throw Invalid(ex.Message);
        }
    }

    private static OptionsValidationException Invalid(string problem) =>
        new(AuthDatabase.PostgresKey, typeof(PostgresOptions), [$"{AuthDatabase.PostgresKey} is not a valid Npgsql connection string: {problem}"]);
}
