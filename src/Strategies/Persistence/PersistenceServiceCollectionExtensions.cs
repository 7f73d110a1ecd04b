using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AuthServer.Strategies.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Registers the database (SQLite or PostgreSQL, one model) and its start-up initialisation. The host names its
    /// contexts, one per provider: they hold the model (its accounts and <see cref="StrategyStorage"/>) and its migrations.
    /// </summary>
    public static IServiceCollection AddAuthDatabase<TSqliteContext, TPostgresContext>(this IServiceCollection services, AuthDatabase database)
        where TSqliteContext : AuthDbContext
        where TPostgresContext : AuthDbContext
    {
        // Pooled: options are built once and contexts reused; a context per request otherwise cost more than its SQL.
        if (database.IsPostgres)
        {
            services.AddDbContextPool<AuthDbContext, TPostgresContext>(options => options.UseNpgsql(database.ConnectionString));
        }
        else
        {
            services.AddDbContextPool<AuthDbContext, TSqliteContext>(options => options.UseSqlite(database.ConnectionString).AddInterceptors(new SqlitePragmas()));
        }

        services.AddSingleton(database);
        services.AddSingleton<ServerSecrets>();
        services.AddSingleton<SqliteWriteGate>();
        services.AddSingleton<PostgresStartup>();
        services.AddSingleton<DatabaseBreaker>();
        services.AddSingleton<DatabaseGuard>();
        services.AddOptions<PostgresOptions>().BindConfiguration(PostgresOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresOptions>, PostgresOptionsValidator>());
        services.AddHostedService<DatabaseInitializer>();
        return services;
    }
}
