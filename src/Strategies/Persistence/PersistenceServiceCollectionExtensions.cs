using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.Strategies.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>Registers the SQLite database and its start-up initialisation.</summary>
    public static IServiceCollection AddAuthDatabase(this IServiceCollection services, string connectionString)
    {
        // Pooled: options are built once and contexts reused; a context per request otherwise cost more than its SQL.
        services.AddDbContextPool<AuthDbContext>(options => options.UseSqlite(connectionString).AddInterceptors(new SqlitePragmas()));
        services.AddSingleton<ServerSecrets>();
        services.AddSingleton<SqliteWriteGate>();
        services.AddHostedService<DatabaseInitializer>();
        return services;
    }
}
