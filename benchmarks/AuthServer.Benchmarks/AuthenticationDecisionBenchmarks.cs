using System.Diagnostics.Metrics;
using AuthServer.Revocation;
using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Authentication;
using AuthServer.Strategies.Blacklist;
using AuthServer.Strategies.Jwt;
using AuthServer.Strategies.Options;
using AuthServer.Strategies.Telemetry;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.Tokens;
using OpenTelemetry.Metrics;
using Opts = Microsoft.Extensions.Options.Options;

namespace AuthServer.Benchmarks;

/// <summary>
/// The decision <c>GET /profile</c> makes per request, per strategy, for a token already in the validated-token cache
/// (the load tests' case): <see cref="AccessTokenAuthenticator"/> as the server builds it, with the OpenTelemetry meter
/// listening as in production (Prometheus exporter), so recording a metric costs what it costs there. The difference
/// between <see cref="JwtBlacklist"/> and <see cref="StatelessJwt"/> is what the revocation check adds.
/// </summary>
[MemoryDiagnoser]
public class AuthenticationDecisionBenchmarks
{
    // Revocations in force besides the benchmark user's, so the lookups see a list of realistic size.
    private const int OtherRevokedTokens = 10_000;

    private ServiceProvider services = null!;
    private MeterProvider meters = null!;
    private HttpContext context = null!;
    private TokenValidationParameters parameters = null!;
    private Decider stateless = null!;
    private Decider blacklist = null!;
    private Decider blacklistWithGeneration = null!;

    [GlobalSetup]
    public void Setup()
    {
        var jwt = new JwtOptions { SigningKey = "benchmark-signing-key-0123456789-abcdefghijklmnopqrstuvwxyz-012345" };
        var keys = new SigningKeys(Opts.Create(jwt), new HostingEnvironment { EnvironmentName = "Production" }, NullLogger<SigningKeys>.Instance);
        var issuer = new JwtIssuer(keys, Opts.Create(jwt), TimeProvider.System);
        parameters = AccessTokenValidation.CreateParameters(keys, jwt, TimeProvider.System);

        // The server's metrics wiring (src/AuthServer/Hosting/MetricsSetup.cs): only the AuthServer meter, Prometheus.
        var collection = new ServiceCollection();
        collection.AddMetrics();
        collection.AddOpenTelemetry().WithMetrics(m => m.AddMeter(AuthMetrics.MeterName).AddPrometheusExporter());
        services = collection.BuildServiceProvider();
        meters = services.GetRequiredService<MeterProvider>();
        context = new DefaultHttpContext { RequestServices = services };

        var user = new AuthUser("user-1", "alice", []);
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        stateless = new Decider(Authenticator(StrategyNames.StatelessJwt, []), issuer.Issue(user, "session-1", TimeSpan.FromHours(1)).Token);
        blacklist = new Decider(
            Authenticator(StrategyNames.JwtBlacklist, [Blacklist(generationInForce: null)]),
            issuer.Issue(user, "session-2", TimeSpan.FromHours(1), revocationGeneration: now).Token);
        // The user logged out everywhere a while ago: the token's gen claim is read and compared.
        blacklistWithGeneration = new Decider(
            Authenticator(StrategyNames.JwtBlacklist, [Blacklist(generationInForce: (user.Id, now - 60_000))]),
            issuer.Issue(user, "session-3", TimeSpan.FromHours(1), revocationGeneration: now).Token);

        foreach (var decider in new[] { stateless, blacklist, blacklistWithGeneration })
        {
            // The first call validates and caches; the benchmarks measure the cached path, as under load.
            if (!decider.Decide(parameters, context).Succeeded || !decider.Decide(parameters, context).Succeeded)
            {
                throw new InvalidOperationException("The benchmark token was refused: the setup is wrong.");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        meters.Dispose();
        services.Dispose();
    }

    [Benchmark(Baseline = true)]
    public AuthenticateResult StatelessJwt() => stateless.Decide(parameters, context);

    [Benchmark]
    public AuthenticateResult JwtBlacklist() => blacklist.Decide(parameters, context);

    [Benchmark]
    public AuthenticateResult JwtBlacklistGenerationInForce() => blacklistWithGeneration.Decide(parameters, context);

    private AccessTokenAuthenticator Authenticator(string strategy, IAccessTokenRevocationCheck[] checks) =>
        new(new CachingAccessTokenHandler(TimeProvider.System) { MapInboundClaims = false }, checks,
            new AuthMetrics(services.GetRequiredService<IMeterFactory>(), Opts.Create(new AuthOptions { Strategy = strategy })));

    private static BlacklistRevocationCheck Blacklist((string User, long Value)? generationInForce)
    {
        var options = Opts.Create(new RevocationListOptions { AccessTokenLifetime = TimeSpan.FromHours(1), ClockSkew = TimeSpan.FromSeconds(30) });
        var list = new RevocationList(TimeProvider.System, options);
        var exp = TimeProvider.System.GetUtcNow().AddHours(1).ToUnixTimeSeconds();
        for (var i = 0; i < OtherRevokedTokens; i++)
        {
            list.AddToken(Base64UrlEncoder.Encode(BitConverter.GetBytes((long)i * 7919 + 1)) + "AAAAAAAAAAA", exp);
        }

        if (generationInForce is { } generation)
        {
            list.AddGeneration(generation.User, generation.Value);
        }

        if (!list.TryMarkInSync(list.SyncEpoch))
        {
            throw new InvalidOperationException("The revocation list did not come into sync.");
        }

        return new BlacklistRevocationCheck(new RevocationCheck(list, options, NullLogger<RevocationCheck>.Instance));
    }

    private sealed class Decider(AccessTokenAuthenticator authenticator, string token)
    {
        public AuthenticateResult Decide(TokenValidationParameters parameters, HttpContext context) =>
            authenticator.AuthenticateAsync(token, parameters, context).GetAwaiter().GetResult();
    }
}
