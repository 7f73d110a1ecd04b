using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.Strategies.Jwt;

/// <summary>The JWT strategies' scheme: the contract's validation rules (<see cref="AccessTokenValidation"/>).</summary>
public sealed class AccessTokenAuthenticationOptions : AuthenticationSchemeOptions
{
    public TokenValidationParameters TokenValidationParameters { get; set; } = new();
}
