using System.Text;

namespace AuthServer.Strategies.Options;

/// <summary>
/// Judges an HS256 secret: long enough for HMAC-SHA256 (RFC 7518 §3.2) and not a well-known sample or
/// placeholder that an attacker would try first (OWASP JWT cheat sheet, "weak token secret").
/// </summary>
internal static class KeyStrength
{
    internal const int MinimumHmacKeyBytes = 32;

    // Normalised (lower case, letters and digits only) fragments that mark a copied sample or a placeholder.
    private static readonly string[] Placeholders =
    [
        "changeme", "replaceme", "placeholder", "yoursecret", "mysecret", "supersecret", "secretkey", "jwtsecret",
        "example", "sample", "default", "password", "256bitsecret", "insecure", "notsecret", "todo", "xxxxxx",
    ];

    /// <summary>Too short in every environment.</summary>
    public static string? TooShort(string key, string name) =>
        Encoding.UTF8.GetByteCount(key) < MinimumHmacKeyBytes
            ? $"{name} must be at least {MinimumHmacKeyBytes} bytes (256 bits) of UTF-8."
            : null;

    /// <summary>A guessable secret; refused outside Development. The message never repeats the key.</summary>
    public static string? Guessable(string key, string name)
    {
        var normalised = new string([.. key.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant)]);
        if (Placeholders.FirstOrDefault(normalised.Contains) is { } placeholder)
        {
            return $"{name} looks like a sample or placeholder key (it contains '{placeholder}'); generate one with: openssl rand -base64 48";
        }

        if (key.Distinct().Count() < 10)
        {
            return $"{name} repeats too few distinct characters to be a random key; generate one with: openssl rand -base64 48";
        }

        return null;
    }
}
