using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Authentication;
using AuthServer.Strategies.Options;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AuthServer.Strategies.Jwt;

/// <summary>What the three JWT strategies share: keys, issuing, and the JwtBearer scheme with the contract's rules.</summary>
internal static class JwtBearerSetup
{
    public static void AddAccessTokens(StrategyRegistrationContext context)
    {
        var services = context.Services;
        services.TryAddSingleton<SigningKeys>();
        services.TryAddSingleton<IPublishedKeys>(sp => sp.GetRequiredService<SigningKeys>());
        services.TryAddSingleton<JwtIssuer>();
        services.AddHostedService<SigningKeysWarmup>();
        services.TryAddSingleton<AccessTokenBearerEvents>();
        services.TryAddSingleton<CachingAccessTokenHandler>();
        context.Authentication.AddJwtBearer(AuthSchemes.Bearer);
        services.AddOptions<JwtBearerOptions>(AuthSchemes.Bearer)
            .Configure<SigningKeys, IOptions<JwtOptions>, TimeProvider, CachingAccessTokenHandler>((bearer, keys, jwt, time, handler) =>
            {
                handler.MapInboundClaims = false;
                bearer.TokenHandlers.Clear();
                bearer.TokenHandlers.Add(handler);
                bearer.MapInboundClaims = false;
                bearer.SaveToken = false;
                bearer.RequireHttpsMetadata = false;
                bearer.TimeProvider = time;
                bearer.TokenValidationParameters = AccessTokenValidation.CreateParameters(keys, jwt.Value, time);
                bearer.EventsType = typeof(AccessTokenBearerEvents);
            });
    }
}
