using System.Net;
using Microsoft.Extensions.Options;

namespace AuthServer.Hosting;

/// <summary>
/// <c>ForwardedHeaders:KnownProxies</c> (addresses) and <c>ForwardedHeaders:KnownNetworks</c> (CIDR): proxies whose
/// <c>X-Forwarded-For</c> is believed, on top of loopback. Behind a proxy that is not on the same host (nginx in
/// docker-compose), without this the server sees the proxy as every client, and per-address login limits with it.
/// </summary>
internal sealed class TrustedProxyOptions
{
    public const string Section = "ForwardedHeaders";

    public string[] KnownProxies { get; set; } = [];

    public string[] KnownNetworks { get; set; } = [];

    public IEnumerable<string> Invalid() =>
        KnownProxies.Where(p => !IPAddress.TryParse(p, out _)).Select(p => $"{Section}:KnownProxies '{p}' is not an IP address.")
            .Concat(KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _)).Select(n => $"{Section}:KnownNetworks '{n}' is not a CIDR network (like 172.28.0.0/24)."));
}

/// <summary>Names each bad entry at start, so the one line the server prints says which value to fix.</summary>
internal sealed class TrustedProxyOptionsValidator : IValidateOptions<TrustedProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, TrustedProxyOptions options)
    {
        var invalid = options.Invalid().ToList();
        return invalid.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(invalid);
    }
}
