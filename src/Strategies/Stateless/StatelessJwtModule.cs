using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Jwt;
using AuthServer.Strategies.Options;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.Strategies.Stateless;

internal sealed class StatelessJwtModule : AuthStrategyModule
{
    public override string Name => StrategyNames.StatelessJwt;

    public override void Register(StrategyRegistrationContext context)
    {
        AccessTokenSetup.AddAccessTokens(context);
        context.Services.AddSingleton<IAuthStrategy, StatelessJwtStrategy>();
    }
}
