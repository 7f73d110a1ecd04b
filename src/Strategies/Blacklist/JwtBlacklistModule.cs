using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Authentication;
using AuthServer.Strategies.Jwt;
using AuthServer.Strategies.Options;
using AuthServer.Strategies.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuthServer.Strategies.Blacklist;

internal sealed class JwtBlacklistModule : AuthStrategyModule
{
    public override string Name => StrategyNames.JwtBlacklist;

    public override void Register(StrategyRegistrationContext context)
    {
        AccessTokenSetup.AddAccessTokens(context);
        RedisSetup.AddRedis(context, Name);
        var services = context.Services;
        // The list, its sync and the decision are shared with AuthServer.Client; the server adds the writes and the write-back.
        services.AddSingleton<RevocationStore>();
        services.AddSingleton<IRevocationLoader>(provider => provider.GetRequiredService<RevocationStore>());
        services.AddRevocationList();
        services.AddSingleton<IRevocationConnection>(provider => provider.GetRequiredService<RedisConnection>());
        services.AddOptions<RevocationListOptions>().Configure<IOptions<AuthOptions>, IOptions<JwtOptions>>((list, auth, jwt) =>
        {
            list.AccessTokenLifetime = auth.Value.EffectiveAccessTokenLifetime;
            list.ClockSkew = jwt.Value.ClockSkew;
            list.FailOpen = auth.Value.RedisFailureMode == RedisFailureModes.FailOpen;
        });
        services.AddHostedService(provider => provider.GetRequiredService<RevocationSync>());
        services.AddSingleton<IAccessTokenRevocationCheck, BlacklistRevocationCheck>();
        services.AddSingleton<IAuthStrategy, JwtBlacklistStrategy>();
        context.HealthChecks.AddCheck<RevocationListHealthCheck>("revocation-list", tags: [RedisSetup.ReadyTag]);
    }
}
