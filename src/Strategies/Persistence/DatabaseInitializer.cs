using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuthServer.Strategies.Persistence;

/// <summary>Applies migrations, turns on WAL (several processes share the file) and loads the server secrets before the server listens.</summary>
internal sealed class DatabaseInitializer(IServiceScopeFactory scopes, ServerSecrets secrets) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

        // INSERT OR IGNORE: when two instances start together, the first key written wins for both.
        var candidate = RandomNumberGenerator.GetBytes(32);
        await db.Database.ExecuteSqlAsync(
            $"INSERT OR IGNORE INTO ServerSecrets (Name, Value) VALUES ({ServerSecrets.RefreshSuccessorKey}, {candidate})",
            cancellationToken);
        var stored = await db.ServerSecrets.AsNoTracking().SingleAsync(s => s.Name == ServerSecrets.RefreshSuccessorKey, cancellationToken);
        secrets.Load(stored.Value);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
