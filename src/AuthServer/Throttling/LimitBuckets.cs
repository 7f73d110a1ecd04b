using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using AuthServer.Strategies.Persistence;

namespace AuthServer.Throttling;

/// <summary>
/// Maps a limit's subject (an address, a username) to a number with HMAC-SHA256 under a key derived from the server
/// secret every instance on the database shares: the same subject lands in the same bucket on every instance, nobody
/// without the key can pick names that share a victim's bucket, and no username or address is stored in the clear.
/// </summary>
internal sealed class LimitBuckets(ServerSecrets secrets)
{
    private static readonly byte[] Purpose = Encoding.ASCII.GetBytes("authserver rate-limit buckets v1");

    private byte[]? key;

    public ulong Hash(SlidingLimit limit, string subject)
    {
        key ??= HKDF.Expand(HashAlgorithmName.SHA256, secrets.RefreshKey, 32, Purpose);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(limit.Name + "\n" + subject), mac);
        return BinaryPrimitives.ReadUInt64LittleEndian(mac);
    }
}
