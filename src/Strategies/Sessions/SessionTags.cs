using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using AuthServer.Strategies.Persistence;

namespace AuthServer.Strategies.Sessions;

/// <summary>
/// The per-user tag that a session id carries and that its Redis keys share, so one user's sessions and their index sit in
/// one Redis Cluster slot and are written together. It is a keyed hash of the user id (HMAC-SHA-256 under a key derived
/// from the server secret every instance loads from the shared database), cut to 24 bits: more than a slot number's 14, so
/// users spread over every slot, and nothing a client or a key listing can turn back into a user id.
/// </summary>
internal sealed class SessionTags(ServerSecrets secrets)
{
    /// <summary>Three bytes: four base64url characters.</summary>
    public const int Bytes = 3;

    private static readonly byte[] Purpose = Encoding.ASCII.GetBytes("authserver redis-session slot tag v1");
    private byte[]? key;

    public string For(string userId)
    {
        // Its own key (HKDF), not the refresh secret itself: one secret, separate uses.
        key ??= HKDF.DeriveKey(HashAlgorithmName.SHA256, secrets.RefreshKey, 32, info: Purpose);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(userId), mac);
        return Base64Url.EncodeToString(mac[..Bytes]);
    }
}
