extern alias OrdersSample;

using AuthServer.Tests.Introspection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Order = OrdersSample::OrdersApi.Orders.Order;

namespace AuthServer.SystemTests.Services;

/// <summary>
/// The sample resource service in-process (real pipeline, test server), configured only through its settings, as a
/// deployment would: the library it uses talks to the auth server over real sockets.
/// </summary>
public sealed class OrdersApiFactory(Uri authority, IDictionary<string, string?>? extra = null) : WebApplicationFactory<Order>
{
    public static Dictionary<string, string?> IntrospectionClient(TimeSpan? cache = null) => new()
    {
        ["AuthServer:ClientId"] = IntrospectionCaller.ClientId,
        ["AuthServer:ClientSecret"] = IntrospectionCaller.ClientSecret,
        ["AuthServer:IntrospectionCacheDuration"] = (cache ?? TimeSpan.Zero).ToString("c", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The auth server's Redis and key prefix (from its settings), so jwt-blacklist is checked by the revocation list.</summary>
    public static Dictionary<string, string?> RevocationList(IReadOnlyDictionary<string, string?> server, string? redis = null)
    {
        var settings = IntrospectionClient();
        settings["AuthServer:Redis"] = redis ?? server["ConnectionStrings:Redis"];
        settings["AuthServer:RedisKeyPrefix"] = server["Redis:KeyPrefix"];
        return settings;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("AuthServer:Authority", authority.ToString());
        builder.UseSetting("AuthServer:RequireHttpsMetadata", "false");
        builder.UseSetting("AuthServer:StartupTimeout", "00:00:20");
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }
}
