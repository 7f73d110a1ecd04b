using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Options;
using AuthServer.Strategies.Redis;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.Strategies.Sessions;

internal sealed class RedisSessionModule : AuthStrategyModule
{
    public override string Name => StrategyNames.RedisSession;

    public override void Register(StrategyRegistrationContext context)
    {
        RedisSetup.AddRedis(context, Name);
        context.Services.AddSingleton<SessionStore>();
        context.Services.AddHostedService<ActiveSessionSampler>();
        context.Services.AddSingleton<IAuthStrategy, RedisSessionStrategy>();
        context.Authentication.AddRedisSession();
    }
}
