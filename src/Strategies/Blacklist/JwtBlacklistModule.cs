using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Authentication;
using AuthServer.Strategies.Jwt;
using AuthServer.Strategies.Options;
using AuthServer.Strategies.Redis;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.Strategies.Blacklist;

internal sealed class JwtBlacklistModule : AuthStrategyModule
{
    public override string Name => StrategyNames.JwtBlacklist;

    public override void Register(StrategyRegistrationContext context)
    {
        AccessTokenSetup.AddAccessTokens(context);
        RedisSetup.AddRedis(context, Name);
        var services = context.Services;
        services.AddSingleton<RevocationList>();
        services.AddSingleton<RevocationStore>();
        services.AddSingleton<RevocationChannel>();
        services.AddHostedService<RevocationSync>();
        services.AddSingleton<IAccessTokenRevocationCheck, BlacklistRevocationCheck>();
        services.AddSingleton<IAuthStrategy, JwtBlacklistStrategy>();
        context.HealthChecks.AddCheck<RevocationListHealthCheck>("revocation-list", tags: [RedisSetup.ReadyTag]);
    }
}
