using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using AuthServer.Strategies.Actors;

namespace AuthServer.Strategies.Sessions;

/// <summary>
/// Session ids: <c>{tag}.{secret}</c>, the user's 4-character tag (<see cref="UserTags"/>: the Redis slot and the mailbox) and 256 random bits, both
/// unpadded base64url (48 characters). Redis only ever sees their SHA-256; the tag tells which slot to look in.
/// </summary>
internal static class SessionIds
{
    public const int TagLength = UserTags.Length;
    public const int SecretBytes = 32;
    public const int Length = TagLength + 1 + 43;

    public static string New(string tag) => tag + "." + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>Rejects anything that cannot be a session id (a JWT among them) before it reaches Redis.</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: Length }
            && id[TagLength] == '.'
            && UserTags.IsWellFormed(id.AsSpan(0, TagLength))
            && Base64Url.IsValid(id.AsSpan(TagLength + 1), out var secretBytes) && secretBytes == SecretBytes;

    /// <summary>The slot tag of a well-formed id.</summary>
    public static string Tag(string id) => id[..TagLength];

    /// <summary>The key a session is stored under, and the <c>sid</c> claim: it names the session without being it.</summary>
    public static string Hash(string id) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(id)));
}
