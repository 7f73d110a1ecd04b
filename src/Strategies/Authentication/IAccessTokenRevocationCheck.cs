using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AuthServer.Strategies.Authentication;

/// <summary>
/// Runs in the bearer authentication handler after signature and claims were validated (cached or not); a strategy that
/// can revoke access tokens registers one. Returns null when the token stands, else why it does not.
/// </summary>
public interface IAccessTokenRevocationCheck
{
    ValueTask<string?> CheckAsync(JsonWebToken token, ClaimsPrincipal principal, CancellationToken cancellationToken);
}
