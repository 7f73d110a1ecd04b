using AuthServer.Strategies.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AuthServer.Strategies.Jwt;

/// <summary>
/// For RFC 7009: whether a presented string is a genuine, unexpired access token of this server, judged by the very rules
/// the bearer scheme applies. Anything else is an unknown token, answered 200 whatever the hint (§2.1, §2.2).
/// </summary>
internal sealed class GenuineAccessTokens(CachingAccessTokenHandler handler, IOptionsMonitor<AccessTokenAuthenticationOptions> options)
{
    public async ValueTask<JsonWebToken?> FindAsync(string token)
    {
        if (!handler.CanReadToken(token))
        {
            return null;
        }

        var check = await handler.ValidateAccessTokenAsync(token, options.Get(AuthSchemes.Bearer).TokenValidationParameters);
        return check.Valid?.Token;
    }
}
