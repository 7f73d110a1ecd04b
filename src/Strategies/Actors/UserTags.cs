using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using AuthServer.Strategies.Persistence;

namespace AuthServer.Strategies.Actors;

/// <summary>
/// A user's tag: a keyed hash of the user id (HMAC-SHA-256 under a key derived from the server secret every instance loads
/// from the shared database), cut to 24 bits, four base64url characters. It names the user's mailbox, and every session id
/// and refresh token carries it, so a request presenting one knows whose mailbox to enter before it reads anything. It is
/// also the Redis Cluster hash tag of a user's sessions (24 bits spread users over every one of the 16384 slots). Nothing a
/// client or a key listing can turn back into a user id; two users sharing a tag only share a mailbox queue.
/// </summary>
internal sealed class UserTags(ServerSecrets secrets)
{
    /// <summary>Three bytes: four base64url characters.</summary>
    public const int Bytes = 3;

    public const int Length = 4;

    // The label names the tag's first use. Changing it would move every live session to other Redis keys.
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

    /// <summary>True for four base64url characters that decode to three bytes, as every tag does.</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> tag) => tag.Length == Length && Base64Url.IsValid(tag, out var bytes) && bytes == Bytes;
}
