using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using AuthServer.Strategies.Persistence;

namespace AuthServer.Strategies.Refresh;

/// <summary>
/// Refresh token values: 256 random bits, base64url. A token's successor is HMAC(key, token), so
/// presenting the same token twice within the grace yields the same successor without storing it in the clear.
/// </summary>
internal sealed class RefreshTokenCodec(ServerSecrets secrets)
{
    /// <summary>32 bytes in unpadded base64url.</summary>
    public const int TokenLength = 43;

    public static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public string Successor(string token) => Base64Url.EncodeToString(HMACSHA256.HashData(secrets.RefreshKey, Encoding.ASCII.GetBytes(token)));

    /// <summary>What the database stores instead of the token.</summary>
    public static string Hash(string token) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    /// <summary>Rejects anything that cannot be a refresh token before it reaches the database.</summary>
    public static bool IsWellFormed(string? token) => token is { Length: TokenLength } && Base64Url.IsValid(token, out var decoded) && decoded == 32;
}
