using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Jwt;
using AuthServer.Strategies.Options;
using AuthServer.Strategies.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.Strategies.Refresh;

internal sealed class JwtRefreshModule : AuthStrategyModule
{
    public override string Name => StrategyNames.JwtRefresh;

    public override void Register(StrategyRegistrationContext context)
    {
        AccessTokenSetup.AddAccessTokens(context);
        context.Services.AddSingleton<RefreshTokenCodec>();
        context.Services.AddSingleton<IRefreshTokenWrites>(services => services.GetRequiredService<AuthDatabase>().IsPostgres
            ? new PostgresRefreshTokenWrites()
            : new SqliteRefreshTokenWrites());
        context.Services.AddScoped<RefreshTokenStore>();
        context.Services.AddSingleton<RefreshRotation>();
        context.Services.AddHostedService<RefreshTokenPurger>();
        context.Services.AddSingleton<IRefreshTokenInspector, RefreshTokenInspector>();
        context.Services.AddSingleton<JwtRefreshStrategy>();
        context.Services.AddSingleton<IAuthStrategy>(services => services.GetRequiredService<JwtRefreshStrategy>());
        context.Services.AddSingleton<IRefreshTokenGrant>(services => services.GetRequiredService<JwtRefreshStrategy>());
    }
}
