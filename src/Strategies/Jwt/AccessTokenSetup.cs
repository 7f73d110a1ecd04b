using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Authentication;
using AuthServer.Strategies.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AuthServer.Strategies.Jwt;

/// <summary>What the three JWT strategies share: keys, issuing, and the bearer scheme with the contract's rules.</summary>
internal static class AccessTokenSetup
{
    public static void AddAccessTokens(StrategyRegistrationContext context)
    {
        var services = context.Services;
        services.TryAddSingleton<SigningKeys>();
        services.TryAddSingleton<IPublishedKeys>(sp => sp.GetRequiredService<SigningKeys>());
        services.TryAddSingleton<JwtIssuer>();
        services.AddHostedService<SigningKeysWarmup>();
        services.TryAddSingleton<AccessTokenAuthenticator>();
        services.TryAddSingleton<GenuineAccessTokens>();
        services.TryAddSingleton(sp => new CachingAccessTokenHandler(sp.GetRequiredService<TimeProvider>()) { MapInboundClaims = false });
        services.AddOptions<AccessTokenAuthenticationOptions>(AuthSchemes.Bearer)
            .Configure<SigningKeys, IOptions<JwtOptions>, TimeProvider>((scheme, keys, jwt, time) =>
                scheme.TokenValidationParameters = AccessTokenValidation.CreateParameters(keys, jwt.Value, time));
        context.Authentication.AddScheme<AccessTokenAuthenticationOptions, AccessTokenAuthenticationHandler>(AuthSchemes.Bearer, configureOptions: null);
    }
}
