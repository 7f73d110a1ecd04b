using AuthServer.Client.Discovery;
using AuthServer.Client.Jwt;
using AuthServer.Revocation;
using Microsoft.Extensions.Options;

namespace AuthServer.Client.Revocation;

/// <summary>
/// The revocation list's options from what start-up learned (the server's access-token lifetime) and this service's
/// settings; read only once discovery has run, since the list is created after it (<see cref="RevocationListStarter"/>).
/// </summary>
internal sealed class RevocationListOptionsSetup(AuthServerConnection connection, IOptions<AuthServerOptions> options) : IConfigureOptions<RevocationListOptions>
{
    public void Configure(RevocationListOptions list)
    {
        var settings = options.Value;
        list.AccessTokenLifetime = connection.AccessTokenLifetime;
        // This service accepts a token up to exp plus its own skew, so it keeps the token's revocation that long.
        list.ClockSkew = JwtBearerSetup.ClockSkew;
        list.FailOpen = settings.RedisFailureMode == "fail-open";
        list.KeyPrefix = settings.RedisKeyPrefix;
    }
}
