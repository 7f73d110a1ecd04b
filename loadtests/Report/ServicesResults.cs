using LoadTests.Load;

namespace LoadTests.Report;

/// <summary>The resource service (samples/OrdersApi) in front of each strategy: hot path against its own ceiling, and revocation delay.</summary>
public sealed class ServicesResults
{
    public string Status { get; set; } = "not run";
    public List<ServiceVariant> Variants { get; } = [];
    public List<ServiceRound> Rounds { get; } = [];
    public List<string> Errors { get; } = [];
}

/// <summary>One way a second service checks one strategy's credentials.</summary>
/// <param name="Name">e.g. <c>redis-session, introspection, 5 s cache</c></param>
/// <param name="Strategy">the auth server's strategy</param>
/// <param name="Validation">what AuthServer.Client does per request</param>
/// <param name="Algorithm">how the auth server signs its JWTs</param>
/// <param name="CacheSeconds">introspection cache lifetime (0: none)</param>
public sealed record ServiceVariant(string Name, string Strategy, string Validation, string Algorithm, double CacheSeconds)
{
    public RevocationResult? Revocation { get; set; }
    public string? RevocationVerdict { get; set; }
    public string? Failure { get; set; }
}

/// <summary>
/// One round of one variant: the service's ceiling (<c>/health/live</c>, no credential) and <c>GET /orders</c> with one,
/// back to back; CPU time of the service and of the auth server per <c>/orders</c> request, from /proc.
/// </summary>
public sealed record ServiceRound(int Round, string Variant, WrkResult Ceiling, WrkResult? Orders, double? ServiceCpuUsPerRequest, double? AuthServerCpuUsPerRequest, string? Error)
{
    public double? Ratio => Orders is null || Ceiling.Rps <= 0 ? null : Orders.Rps / Ceiling.Rps;
}
