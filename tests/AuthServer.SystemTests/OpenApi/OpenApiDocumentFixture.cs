using System.Text.Json;
using AuthServer.Strategies.Options;
using AuthServer.SystemTests.Infrastructure;

namespace AuthServer.SystemTests.OpenApi;

/// <summary>Fetches <c>/openapi/v1.json</c> once from a real server for all the document tests.</summary>
public sealed class OpenApiDocumentFixture : IAsyncLifetime
{
    private JsonDocument? document;

    public JsonElement Root => document?.RootElement ?? throw new InvalidOperationException("The document was not fetched.");

    public async Task InitializeAsync()
    {
        await using var server = await DevelopmentServer.StartAsync(StrategyNames.StatelessJwt);
        using var http = server.CreateClient();
        document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));
    }

    public Task DisposeAsync()
    {
        document?.Dispose();
        return Task.CompletedTask;
    }
}
