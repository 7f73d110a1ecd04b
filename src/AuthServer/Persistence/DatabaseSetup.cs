using AuthServer.Health;
using AuthServer.Strategies.Persistence;

namespace AuthServer.Persistence;

internal static class DatabaseSetup
{
    /// <summary>PostgreSQL when <c>ConnectionStrings:Postgres</c> is set, else SQLite (the zero-install default).</summary>
    public static WebApplicationBuilder AddDatabase(this WebApplicationBuilder builder)
    {
        var postgres = builder.Configuration.GetConnectionString("Postgres");
        var sqlite = builder.Configuration.GetConnectionString("Sqlite");
        var database = string.IsNullOrWhiteSpace(postgres)
            ? new AuthDatabase(DatabaseProvider.Sqlite, string.IsNullOrWhiteSpace(sqlite) ? "Data Source=auth.db" : sqlite)
            : new AuthDatabase(DatabaseProvider.Postgres, PostgresConnectionString.WithDefaults(postgres));
        builder.Services.AddAuthDatabase<SqliteAuthDbContext, PostgresAuthDbContext>(database);
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>(database.Name, timeout: TimeSpan.FromSeconds(2));
        return builder;
    }
}
