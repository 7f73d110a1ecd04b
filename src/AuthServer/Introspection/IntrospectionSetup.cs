using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AuthServer.Introspection;

internal static class IntrospectionSetup
{
    /// <summary>The policy of <c>/auth/introspect</c>: a caller authenticated by the introspection client scheme.</summary>
    public const string CallerPolicy = "introspection-client";

    /// <summary>Registered resource services, their Basic scheme (never the default: only the introspection endpoint asks for it) and limits.</summary>
    public static WebApplicationBuilder AddIntrospection(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<IntrospectionOptions>().BindConfiguration(IntrospectionOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IntrospectionOptions>, IntrospectionOptionsValidator>();
        services.AddSingleton<IntrospectionClients>();
        services.AddSingleton<IntrospectionLimiter>();
        services.AddSingleton<CredentialIntrospector>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, IntrospectionClientHandler>(IntrospectionClientHandler.SchemeName, configureOptions: null);
        services.AddAuthorizationBuilder().AddPolicy(CallerPolicy, policy => policy
            .AddAuthenticationSchemes(IntrospectionClientHandler.SchemeName)
            .RequireAuthenticatedUser());
        return builder;
    }
}
