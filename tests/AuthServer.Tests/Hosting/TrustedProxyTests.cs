using System.Net;
using AuthServer.Strategies.Options;
using AuthServer.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuthServer.Tests.Hosting;

/// <summary>A proxy that is not on this host (nginx in docker-compose) is believed only when it is named.</summary>
public sealed class TrustedProxyTests
{
    [Fact]
    public void NamedProxiesAndNetworks_AreTrusted_OnTopOfLoopback()
    {
        using var server = new AuthServerFactory(StrategyNames.StatelessJwt, new Dictionary<string, string?>
        {
            ["ForwardedHeaders:KnownProxies:0"] = "172.28.0.10",
            ["ForwardedHeaders:KnownNetworks:0"] = "10.20.0.0/16",
        });

        var options = server.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;

        Assert.Contains(IPAddress.Parse("172.28.0.10"), options.KnownProxies);
        Assert.Contains(System.Net.IPNetwork.Parse("10.20.0.0/16"), options.KnownIPNetworks);
        Assert.Contains(IPAddress.IPv6Loopback, options.KnownProxies);
    }

    [Fact]
    public void WithoutSettings_OnlyLoopbackIsTrusted()
    {
        using var server = new AuthServerFactory(StrategyNames.StatelessJwt);

        var options = server.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;

        Assert.All(options.KnownProxies, proxy => Assert.True(IPAddress.IsLoopback(proxy)));
        Assert.All(options.KnownIPNetworks, network => Assert.True(IPAddress.IsLoopback(network.BaseAddress)));
    }
}
