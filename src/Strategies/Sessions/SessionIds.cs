using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace AuthServer.Strategies.Sessions;

/// <summary>Session ids: 256 random bits in unpadded base64url; Redis only ever sees their SHA-256.</summary>
internal static class SessionIds
{
    public const int Length = 43;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>Rejects anything that cannot be a session id (a JWT among them) before it reaches Redis.</summary>
    public static bool IsWellFormed(string? id) => id is { Length: Length } && Base64Url.IsValid(id, out var decoded) && decoded == 32;

    /// <summary>The key a session is stored under, and the <c>sid</c> claim: it names the session without being it.</summary>
    public static string Hash(string id) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(id)));
}
