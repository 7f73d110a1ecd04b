using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Actors;
using AuthServer.Strategies.Authentication;
using AuthServer.Strategies.Options;
using AuthServer.Strategies.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuthServer.Strategies;

public static class StrategyServiceCollectionExtensions
{
    /// <summary>Binds and validates the options and registers the strategy chosen by <c>Auth:Strategy</c> with its scheme.</summary>
    public static IHostApplicationBuilder AddAuthStrategy(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        services.AddOptions<JwtOptions>().BindConfiguration(JwtOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<IValidateOptions<JwtOptions>, JwtOptionsValidator>();
        services.AddHostedService<RiskySettingsWarning>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<UserTags>();
        services.AddSingleton<UserActors>();
        services.AddMetrics();
        services.TryAddSingleton<AuthMetrics>();

        // The strategy decides which services exist, so it is read now rather than through IOptions.
        var name = builder.Configuration[$"{AuthOptions.Section}:{nameof(AuthOptions.Strategy)}"] ?? StrategyNames.StatelessJwt;
        var module = StrategyCatalog.Find(name) ?? throw new OptionsValidationException(
            AuthOptions.Section, typeof(AuthOptions), [$"Auth:Strategy must be one of {string.Join(", ", StrategyCatalog.Names)}; got '{name}'."]);

        var authentication = services.AddAuthentication(AuthSchemes.Bearer);
        module.Register(new StrategyRegistrationContext(services, authentication, services.AddHealthChecks(), builder.Configuration, builder.Environment));
        return builder;
    }
}
