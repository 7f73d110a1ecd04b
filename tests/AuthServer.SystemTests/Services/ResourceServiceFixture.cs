using AuthServer.Tests.Infrastructure;

namespace AuthServer.SystemTests.Services;

/// <summary>One real auth-server process of a strategy, and the sample orders API in front of it configured for it.</summary>
public abstract class ResourceServiceFixture(string strategy, string algorithm) : IAsyncLifetime, IDisposable
{
    private ServerProcess? server;
    private OrdersApiFactory? orders;

    public string Strategy { get; } = strategy;

    public string Algorithm { get; } = algorithm;

    public ServerProcess Server => server ?? throw new InvalidOperationException("not started");

    /// <summary>The auth server, as a user's client calls it.</summary>
    public ApiClient Auth { get; private set; } = null!;

    /// <summary>The orders API, configured with only what the library needs for this strategy.</summary>
    public OrdersApiFactory Orders => orders ?? throw new InvalidOperationException("not started");

    /// <summary>The auth server's settings (its Redis key prefix among them).</summary>
    public Dictionary<string, string?> ServerSettings { get; private set; } = [];

    /// <summary>What the orders API is given for this strategy (the shared secret, the introspection client).</summary>
    public virtual Dictionary<string, string?> OrdersSettings => Strategy is "jwt-blacklist" or "redis-session"
        ? OrdersApiFactory.IntrospectionClient()
        : Algorithm == "HS256" ? new() { ["AuthServer:SigningKey"] = AuthServerFactory.TestSigningKey } : [];

    public async Task InitializeAsync()
    {
        ServerSettings = AuthServerProcess.Settings(Strategy, Algorithm);
        // Each introspection is logged (event 2302), so a test can tell whether the orders API asked at all.
        ServerSettings["Logging:LogLevel:AuthServer.Introspection"] = "Debug";
        server = await AuthServerProcess.StartAsync(ServerSettings);
        Auth = new ApiClient(server.CreateClient());
        orders = new OrdersApiFactory(server.BaseAddress, OrdersSettings);
    }

    public void Dispose()
    {
        orders?.Dispose();
        GC.SuppressFinalize(this);
    }

    public async Task DisposeAsync()
    {
        if (orders is not null)
        {
            await orders.DisposeAsync();
        }

        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}

public sealed class StatelessEs256Services() : ResourceServiceFixture("stateless-jwt", "ES256");

public sealed class StatelessHs256Services() : ResourceServiceFixture("stateless-jwt", "HS256");

public sealed class RefreshEs256Services() : ResourceServiceFixture("jwt-refresh", "ES256");

public sealed class BlacklistServices() : ResourceServiceFixture("jwt-blacklist", "ES256");

/// <summary>jwt-blacklist with the orders API given the server's Redis: JwtBearer plus the shared revocation list.</summary>
public sealed class BlacklistRevocationListServices() : ResourceServiceFixture("jwt-blacklist", "ES256")
{
    // The introspection client too: were the library to fall back to introspection, it could, and the log would show it.
    public override Dictionary<string, string?> OrdersSettings => OrdersApiFactory.RevocationList(ServerSettings);
}

public sealed class SessionServices() : ResourceServiceFixture("redis-session", "HS256");
