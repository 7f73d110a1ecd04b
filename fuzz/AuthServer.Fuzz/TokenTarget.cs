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
    private static readonly JwtOptions Jwt = new() { SigningKey = "fuzz-target-key-0123456789-abcdefghijklmnopq" };
    private static readonly Lazy<SigningKeys> Keys = new(() => new SigningKeys(
        Microsoft.Extensions.Options.Options.Create(Jwt), new HostingEnvironment { EnvironmentName = "Production" }, NullLogger<SigningKeys>.Instance));

    private static readonly Lazy<(CachingAccessTokenHandler Handler, TokenValidationParameters Parameters)> Reader = new(() =>
        (new CachingAccessTokenHandler(TimeProvider.System) { MapInboundClaims = false }, AccessTokenValidation.CreateParameters(Keys.Value, Jwt, TimeProvider.System)));

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

    /// <summary>A genuine token from the target's own key: the seed that mutations start from.</summary>
    public static string ValidToken() =>
        new JwtIssuer(Keys.Value, Microsoft.Extensions.Options.Options.Create(Jwt), TimeProvider.System)
            .Issue(new AuthServer.Strategies.Abstractions.AuthUser("fuzz-user", "fuzzer", ["admin"]), "fuzz-session", TimeSpan.FromHours(1)).Token;
}
