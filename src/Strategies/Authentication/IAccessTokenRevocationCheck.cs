using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AuthServer.Strategies.Authentication;

/// <summary>
/// Runs inside the JwtBearer pipeline after signature and claims were validated; a strategy that
/// can revoke access tokens registers one. Returns null when the token stands, else why it does not.
/// </summary>
public interface IAccessTokenRevocationCheck
{
    ValueTask<string?> CheckAsync(JsonWebToken token, ClaimsPrincipal principal, CancellationToken cancellationToken);
}
