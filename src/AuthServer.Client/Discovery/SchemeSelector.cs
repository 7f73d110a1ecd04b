using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AuthServer.Client.Discovery;

/// <summary>Points the <c>AuthServer</c> scheme at the one the auth server's strategy needs (decided at start).</summary>
internal sealed class SchemeSelector(AuthServerConnection connection) : IConfigureNamedOptions<PolicySchemeOptions>
{
    public void Configure(string? name, PolicySchemeOptions options)
    {
        if (name == AuthServerDefaults.AuthenticationScheme)
        {
            options.ForwardDefaultSelector = _ => connection.SchemeName;
        }
    }

    public void Configure(PolicySchemeOptions options) => Configure(Options.DefaultName, options);
}
