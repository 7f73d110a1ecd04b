using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using AuthServer.Strategies.Actors;
using AuthServer.Strategies.Persistence;

namespace AuthServer.Strategies.Refresh;

/// <summary>
/// Refresh token values: <c>{tag}.{secret}</c>, the user's tag (<see cref="UserTags"/>: it names the user's mailbox, so a
/// refresh enters it before reading anything) and 256 random bits, both unpadded base64url (48 characters). A token's
/// successor carries the same tag and, as its secret, HMAC(key, token), so presenting the same token twice within the
/// grace yields the same successor without storing it in the clear. Tokens issued before tags (the 43-character secret
/// alone) are still accepted until they expire: their user is read from the database first.
/// </summary>
internal sealed class RefreshTokenCodec(ServerSecrets secrets, UserTags tags)
{
    /// <summary>32 bytes in unpadded base64url: a whole token before tags, the secret part since.</summary>
    public const int SecretLength = 43;

    public const int Length = UserTags.Length + 1 + SecretLength;

    private const int SecretBytes = 32;

    public string NewToken(string userId) => tags.For(userId) + "." + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>The successor of <paramref name="token"/> (tagged or not), tagged for its user.</summary>
    public string Successor(string token, string userId) =>
        tags.For(userId) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(secrets.RefreshKey, Encoding.ASCII.GetBytes(token)));

    /// <summary>What the database stores instead of the token.</summary>
    public static string Hash(string token) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    /// <summary>The mailbox tag of a well-formed token; null for one issued before tags.</summary>
    public static string? TagOf(string token) => token.Length == Length ? token[..UserTags.Length] : null;

    /// <summary>Rejects anything that cannot be a refresh token (tagged, or from before tags) before it reaches the database.</summary>
    public static bool IsWellFormed(string? token) => token switch
    {
        { Length: Length } => token[UserTags.Length] == '.' && UserTags.IsWellFormed(token.AsSpan(0, UserTags.Length)) && IsSecret(token.AsSpan(UserTags.Length + 1)),
        { Length: SecretLength } => IsSecret(token),
        _ => false,
    };

    private static bool IsSecret(ReadOnlySpan<char> secret) => Base64Url.IsValid(secret, out var decoded) && decoded == SecretBytes;
}
