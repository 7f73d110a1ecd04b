using System.Collections.Frozen;
using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.Strategies.Jwt;

/// <summary>
/// The key that signs access tokens, the keys that verify them (the active one plus those being retired), and
/// the public JWKS (ES256 keys only). Read once at start: a rotation is a restart with a new key list, so
/// nothing built from these keys (such as the validated-token cache) outlives a removed key.
/// </summary>
internal sealed class SigningKeys : IPublishedKeys
{
    private readonly FrozenDictionary<string, string> algorithmByKid;

    public SigningKeys(IOptions<JwtOptions> options, IHostEnvironment environment, ILogger<SigningKeys> logger)
    {
        var jwt = options.Value;
        var development = environment.IsDevelopment();
        var keys = jwt.Keys.Count > 0
            ? jwt.Keys.Select((entry, i) => KeyLoader.FromEntry(entry, i, jwt.Algorithm, development)).ToList()
            : [KeyLoader.FromShorthand(jwt, development) ?? Ephemeral(jwt.Algorithm, environment, logger)];
        if (keys.GroupBy(k => k.Kid, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw KeyLoader.Refuse($"Jwt:Keys has two keys with Kid '{twice.Key}' (the same Kid, or the same key given twice).");
        }

        var active = string.IsNullOrEmpty(jwt.ActiveKeyId) ? keys[0] : keys.FirstOrDefault(k => k.Kid == jwt.ActiveKeyId)
            ?? throw KeyLoader.Refuse($"Jwt:ActiveKeyId '{jwt.ActiveKeyId}' names no key of Jwt:Keys (kids: {string.Join(", ", keys.Select(k => k.Kid))}).");
        Credentials = new SigningCredentials(active.Key, active.Algorithm);
        ValidationKeys = [.. keys.Select(k => k.Key)];
        Algorithms = [.. keys.Select(k => k.Algorithm).Distinct()];
        algorithmByKid = keys.ToFrozenDictionary(k => k.Kid, k => k.Algorithm, StringComparer.Ordinal);
        if (keys.Where(k => k.PublicJwk is not null).ToList() is { Count: > 0 } published)
        {
            PublicJwks = new JsonWebKeySet();
            published.ForEach(k => PublicJwks.Keys.Add(k.PublicJwk));
        }

        var kids = string.Join(", ", keys.Select(k => k.Kid));
        SigningKeysLog.KeysLoaded(logger, active.Kid, active.Algorithm, keys.Count, kids);
    }

    /// <summary>The algorithms of the key set; each key is pinned to exactly one (RFC 8725 §3.1).</summary>
    public IReadOnlyList<string> Algorithms { get; }

    /// <summary>The active key: every new token is signed with it.</summary>
    public SigningCredentials Credentials { get; }

    public IReadOnlyList<SecurityKey> ValidationKeys { get; }

    /// <summary>Public keys for <c>/.well-known/jwks.json</c>; null when no key is public (HS256 keys are secret).</summary>
    public JsonWebKeySet? PublicJwks { get; }

    /// <summary>True when <paramref name="key"/> is one of ours and <paramref name="algorithm"/> is the one it is used with.</summary>
    public bool Accepts(string algorithm, SecurityKey? key) =>
        key?.KeyId is { } kid && algorithmByKid.TryGetValue(kid, out var pinned) && string.Equals(pinned, algorithm, StringComparison.Ordinal);

    private static VerificationKey Ephemeral(string algorithm, IHostEnvironment environment, ILogger logger)
    {
        // The options validator already refused a missing key outside Development.
        SigningKeysLog.EphemeralKey(logger, algorithm, environment.EnvironmentName);
        return KeyLoader.Ephemeral(algorithm);
    }
}

internal static partial class SigningKeysLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "No {Algorithm} signing key is configured in environment {Environment}: using an ephemeral key; tokens stop working when the process stops and are not shared between instances")]
    public static partial void EphemeralKey(ILogger logger, string algorithm, string environment);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Signing with key {ActiveKid} ({Algorithm}); {Count} key(s) verify: {Kids}")]
    public static partial void KeysLoaded(ILogger logger, string activeKid, string algorithm, int count, string kids);
}
