using AuthServer.Client;
using AuthServer.Client.Discovery;
using AuthServer.Client.Introspection;
using AuthServer.Client.Jwt;
using AuthServer.Client.Revocation;
using AuthServer.Revocation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds AuthServer authentication to an ASP.NET Core service.</summary>
public static class AuthServerAuthenticationExtensions
{
    /// <summary>
    /// Adds the <see cref="AuthServerDefaults.AuthenticationScheme"/> scheme (and makes it the default unless another
    /// one was named): at start it asks the auth server which strategy it runs, then checks each bearer credential the
    /// way that strategy needs: stock JwtBearer with the published keys (ES256) or a shared secret (HS256) for
    /// credentials that cannot be revoked; RFC 7662 introspection for those that can. Options are validated at start.
    /// </summary>
    /// <param name="builder">From <c>services.AddAuthentication()</c>.</param>
    /// <param name="configure">Sets at least <see cref="AuthServerOptions.Authority"/>.</param>
    public static AuthenticationBuilder AddAuthServer(this AuthenticationBuilder builder, Action<AuthServerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<AuthServerOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthServerOptions>, AuthServerOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AuthServerConnection>();
        services.TryAddSingleton<IntrospectionCaller>();
        services.TryAddSingleton<IntrospectionCache>();
        // No request log line per introspection call: the service's own logging decides what to record.
        services.AddHttpClient(AuthServerDiscovery.HttpClientName).RemoveAllLoggers();
        services.AddHostedService<AuthServerDiscovery>();
        AddRevocationList(services);
        services.Configure<AuthenticationOptions>(options => options.DefaultScheme ??= AuthServerDefaults.AuthenticationScheme);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<PolicySchemeOptions>, SchemeSelector>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<JwtBearerOptions>, JwtBearerSetup>());

        builder.AddPolicyScheme(AuthServerDefaults.AuthenticationScheme, "AuthServer", _ => { });
        builder.AddJwtBearer(AuthServerConnection.JwtScheme, _ => { });
        builder.AddScheme<AuthenticationSchemeOptions, IntrospectionHandler>(AuthServerConnection.IntrospectionScheme, _ => { });
        return builder;
    }

    // Registered always, created only under jwt-blacklist with AuthServer:Redis (after discovery): nothing touches Redis otherwise.
    private static void AddRevocationList(IServiceCollection services)
    {
        services.AddRevocationList();
        services.TryAddSingleton<IRevocationConnection>(provider =>
        {
            var settings = provider.GetRequiredService<IOptions<AuthServerOptions>>().Value;
            return new RevocationRedisConnection(settings.Redis!, settings.RedisOperationTimeout, provider.GetRequiredService<ILogger<RevocationRedisConnection>>());
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<RevocationListOptions>, RevocationListOptionsSetup>());
        services.AddHostedService<RevocationListStarter>();
    }
}
