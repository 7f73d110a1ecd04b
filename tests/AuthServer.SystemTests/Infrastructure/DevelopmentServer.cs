namespace AuthServer.SystemTests.Infrastructure;

/// <summary>A real server process for clients that need a socket (a browser, a scrape), as a student runs it: Development, ephemeral key.</summary>
internal static class DevelopmentServer
{
    public static Task<ServerProcess> StartAsync(string strategy)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:Strategy"] = strategy,
            // appsettings and the static web assets manifest sit next to the server assembly.
            ["contentRoot"] = AppContext.BaseDirectory,
        };
        // CI's redis-server (.ci/run) when there is one; otherwise the server's own development Redis.
        if (Environment.GetEnvironmentVariable("REDIS_URL") is { Length: > 0 } redis)
        {
            settings["ConnectionStrings:Redis"] = redis;
        }

        return ServerProcess.StartAsync(settings, environment: "Development");
    }
}
