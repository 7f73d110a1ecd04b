using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using AuthServer.Strategies.Authentication;
using Microsoft.Extensions.Options;

namespace AuthServer.Introspection;

/// <summary>
/// The registered resource services, each secret kept only as its SHA-256. A presented secret is hashed and compared
/// in constant time; an unknown id is compared against a dummy, so both refusals take the same time.
/// </summary>
internal sealed class IntrospectionClients(IOptions<IntrospectionOptions> options)
{
    private static readonly string Dummy = Digest(Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));

    private readonly FrozenDictionary<string, string> secrets = options.Value.Clients
        .ToFrozenDictionary(c => c.Id!, c => Digest(c.Secret!), StringComparer.Ordinal);

    public bool Any => secrets.Count > 0;

    /// <summary>True when <paramref name="id"/> is registered and <paramref name="secret"/> is its secret.</summary>
    public bool Verify(string id, string secret, out bool known)
    {
        known = secrets.TryGetValue(id, out var expected);
        var matches = SecretEquality.FixedTimeEquals(Digest(secret), expected ?? Dummy);
        return known && matches;
    }

    private static string Digest(string secret) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
