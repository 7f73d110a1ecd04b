using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AuthServer.Strategies.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>Registers the database (SQLite or PostgreSQL, one model) and its start-up initialisation.</summary>
    public static IServiceCollection AddAuthDatabase(this IServiceCollection services, AuthDatabase database)
    {
        // Pooled: options are built once and contexts reused; a context per request otherwise cost more than its SQL.
        if (database.IsPostgres)
        {
            services.AddDbContextPool<AuthDbContext, PostgresAuthDbContext>(options => options.UseNpgsql(database.ConnectionString));
        }
        else
        {
            services.AddDbContextPool<AuthDbContext, SqliteAuthDbContext>(options => options.UseSqlite(database.ConnectionString).AddInterceptors(new SqlitePragmas()));
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
