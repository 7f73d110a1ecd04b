using AuthServer.EmbeddedRedis;
using AuthServer.Strategies.Redis;

namespace AuthServer.Hosting;

/// <summary>In Development with no <c>ConnectionStrings:Redis</c>: an in-process Redis (Garnet), so a Redis strategy runs with nothing installed.</summary>
internal static class DevelopmentRedisSetup
{
    public static WebApplicationBuilder AddDevelopmentRedis(this WebApplicationBuilder builder)
    {
        // Outside Development the setting is required by the strategies that need Redis, and this is never registered.
        if (builder.Environment.IsDevelopment() && string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("Redis")))
        {
            builder.Services.AddSingleton<IDevelopmentRedis, DevelopmentRedis>();
        }

        return builder;
    }
}

/// <summary>Started by the first Redis connection, stopped with the process's services.</summary>
internal sealed partial class DevelopmentRedis(ILogger<DevelopmentRedis> logger) : IDevelopmentRedis, IDisposable
{
    private readonly Lock gate = new();
    private EmbeddedRedisServer? server;

    public string Start()
    {
        lock (gate)
        {
            if (server is null)
            {
                server = new EmbeddedRedisServer();
                Started(logger, server.Port);
            }

            return server.ConnectionString;
        }
    }

    public void Dispose() => server?.Dispose();

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning,
        Message = "ConnectionStrings:Redis is empty: started an embedded development Redis (Garnet) on 127.0.0.1:{Port}; its data lives only as long as this process and is not shared with other instances")]
    private static partial void Started(ILogger logger, int port);
}
