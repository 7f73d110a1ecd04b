using AuthServer.Strategies.Options;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuthServer.Strategies.Sessions;

internal static class SessionAuthenticationExtensions
{
    /// <summary>Adds the session scheme with its lifetimes taken from the <c>Auth</c> section.</summary>
    public static AuthenticationBuilder AddRedisSession(this AuthenticationBuilder builder, string scheme = SessionAuthenticationDefaults.AuthenticationScheme)
    {
        builder.Services.AddOptions<SessionAuthenticationOptions>(scheme)
            .Configure<IOptions<AuthOptions>>((session, auth) =>
            {
                session.IdleTimeout = auth.Value.SessionIdleTimeout;
                session.AbsoluteTimeout = auth.Value.SessionAbsoluteTimeout;
            });
        return builder.AddScheme<SessionAuthenticationOptions, SessionAuthenticationHandler>(scheme, configureOptions: null);
    }
}
