using AuthServer.Health;
using AuthServer.Strategies.Persistence;

namespace AuthServer.Hosting;

internal static class DatabaseSetup
{
    public static WebApplicationBuilder AddDatabase(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Sqlite");
        builder.Services.AddAuthDatabase(string.IsNullOrWhiteSpace(connectionString) ? "Data Source=auth.db" : connectionString);
        builder.Services.AddHealthChecks().AddCheck<SqliteHealthCheck>("sqlite");
        return builder;
    }
}
