using AuthServer.Client.Discovery;
using AuthServer.Client.Revocation;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.Client.Jwt;

/// <summary>
/// Stock JwtBearer with the auth server's own rules (its CONTRACT's "JWT rules"): issuer and audience checked,
/// <c>typ: at+jwt</c> only, the one algorithm pinned, <c>exp</c> required, 30 s of clock skew at most, claims as issued.
/// Under ES256 the keys come from the discovery document (<c>Authority</c>); under HS256 from the shared secret.
/// </summary>
internal sealed class JwtBearerSetup(IOptions<AuthServerOptions> options, AuthServerConnection connection) : IConfigureNamedOptions<JwtBearerOptions>
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public void Configure(string? name, JwtBearerOptions bearer)
    {
        if (name != AuthServerConnection.JwtScheme)
        {
            return;
        }

        var settings = options.Value;
        bearer.MapInboundClaims = false;
        bearer.Audience = settings.Audience;
        bearer.RequireHttpsMetadata = settings.RequireHttpsMetadata;
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = connection.Issuer,
            ValidAudience = settings.Audience,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidTypes = ["at+jwt"],
            ClockSkew = ClockSkew,
            NameClaimType = AuthServerDefaults.NameClaim,
            RoleClaimType = AuthServerDefaults.RoleClaim,
        };
        if (connection.PublishedKeys)
        {
            bearer.Authority = settings.Authority!.AbsoluteUri.TrimEnd('/');
            parameters.ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256];
            // An unknown kid is refused (after one refresh of the keys), never tried against every key.
            parameters.TryAllIssuerSigningKeys = false;
        }
        else
        {
            parameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
            parameters.IssuerSigningKey = new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(settings.SigningKey!));
            // One secret, whatever kid the server derived or was given for it.
            parameters.TryAllIssuerSigningKeys = true;
        }

        bearer.TokenValidationParameters = parameters;
        if (connection.Mode == ValidationMode.JwtWithRevocationList)
        {
            bearer.Events ??= new JwtBearerEvents();
            bearer.Events.OnTokenValidated = RevocationEvents.OnTokenValidated;
            bearer.Events.OnChallenge = RevocationEvents.OnChallenge;
        }
    }

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
}
