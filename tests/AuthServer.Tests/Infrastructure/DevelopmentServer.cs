namespace AuthServer.Tests.Infrastructure;

/// <summary>A real server process for clients that need a socket (a browser, a scrape), as a student runs it: Development, ephemeral key.</summary>
internal static class DevelopmentServer
{
    public static Task<ServerProcess> StartAsync(string strategy) => ServerProcess.StartAsync(
        new Dictionary<string, string?>
        {
            ["Auth:Strategy"] = strategy,
            // appsettings and the static web assets manifest sit next to the server assembly.
            ["contentRoot"] = AppContext.BaseDirectory,
        },
        environment: "Development");
}