using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace AuthServer.Tests.Redis;

/// <summary>Where redis-session keeps a session, worked out the way a reader of docs/redis.md would: to look at it from outside.</summary>
public static class StoredSession
{
    /// <summary>The user's slot tag: the four characters before the dot.</summary>
    public static string Tag(string id) => id[..id.IndexOf('.', StringComparison.Ordinal)];

    public static string Hash(string id) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(id)));

    public static string Key(string prefix, string id) => $"{prefix}session:{{{Tag(id)}}}:{Hash(id)}";

    public static string IndexKey(string prefix, string id, string userId) => $"{prefix}user-sessions:{{{Tag(id)}}}:{userId}";
}
