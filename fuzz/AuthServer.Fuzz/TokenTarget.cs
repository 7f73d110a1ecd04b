using System.Text;
using AuthServer.Strategies.Authentication;
using AuthServer.Strategies.Jwt;
using AuthServer.Strategies.Options;
using AuthServer.Strategies.Refresh;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.Fuzz;

/// <summary>
/// The token-reading path of the server with its real rules: the caching JWT handler over the pinned
/// validation parameters, the failure describer that writes WWW-Authenticate, and the refresh-token
/// shape check. Any input must end in a valid or refused result; an exception escaping is a finding.
/// </summary>
public static class TokenTarget
{
    private static readonly Lazy<(CachingAccessTokenHandler Handler, TokenValidationParameters Parameters)> Reader = new(Create);

    public static void Run(ReadOnlySpan<byte> input) => Run(Encoding.UTF8.GetString(input));

    /// <summary>True when the token is accepted; throws only when the reading path is broken.</summary>
    public static bool Run(string token)
    {
        _ = RefreshTokenCodec.IsWellFormed(token);
        var (handler, parameters) = Reader.Value;
        var result = handler.ValidateTokenAsync(token, parameters).GetAwaiter().GetResult();
        if (!result.IsValid)
        {
            var reason = AuthFailureDescriber.Describe(result.Exception ?? new SecurityTokenException());
            if (reason.Length == 0 || reason.Contains(token, StringComparison.Ordinal) && token.Length > 8)
            {
                throw new InvalidOperationException("A refusal must give a reason and never echo the token.");
            }
        }

        return result.IsValid;
    }

    private static (CachingAccessTokenHandler, TokenValidationParameters) Create()
    {
        var jwt = new JwtOptions { SigningKey = "fuzz-signing-key-0123456789-abcdefghijklmnop" };
        var environment = new HostingEnvironment { EnvironmentName = "Production" };
        var keys = new SigningKeys(Microsoft.Extensions.Options.Options.Create(jwt), environment, NullLogger<SigningKeys>.Instance);
        var handler = new CachingAccessTokenHandler(TimeProvider.System) { MapInboundClaims = false };
        return (handler, AccessTokenValidation.CreateParameters(keys, jwt, TimeProvider.System));
    }
}
