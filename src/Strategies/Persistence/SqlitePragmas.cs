using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AuthServer.Strategies.Persistence;

/// <summary>
/// <c>synchronous=NORMAL</c> on every connection (it is per connection, not stored in the file): with WAL a commit
/// no longer waits for an fsync, only checkpoints do. The database stays consistent after a crash; a power loss may
/// lose the last commits, which for refresh tokens means a client logs in again.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    // Pooled connections are opened again and again; the setting lives as long as the native connection.
    private readonly ConditionalWeakTable<object, object> applied = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle } && applied.TryGetValue(handle, out _))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL;";
        command.ExecuteNonQuery();
        if (connection is SqliteConnection { Handle: { } opened })
        {
            applied.AddOrUpdate(opened, opened);
        }
    }
}
