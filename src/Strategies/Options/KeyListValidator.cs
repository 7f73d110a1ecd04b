namespace AuthServer.Strategies.Options;

/// <summary>Checks <c>Jwt:Keys</c> and <c>Jwt:ActiveKeyId</c> as far as can be done without reading key files.</summary>
internal sealed class KeyListValidator(List<string> errors, JwtOptions options, bool development)
{
    public void Validate()
    {
        if (!string.IsNullOrEmpty(options.SigningKey) || !string.IsNullOrEmpty(options.EcdsaKey) || !string.IsNullOrEmpty(options.EcdsaKeyFile))
        {
            errors.Add("Jwt:Keys cannot be combined with Jwt:SigningKey, Jwt:EcdsaKey or Jwt:EcdsaKeyFile: move the single key into Jwt:Keys.");
        }

        for (var i = 0; i < options.Keys.Count; i++)
        {
            ValidateEntry(options.Keys[i], $"Jwt:Keys:{i}", options.Algorithm);
        }

        // Two keys with one kid are refused by SigningKeys, the one place that sees every kid (a missing one is derived from the key).
        if (options.Keys.Count > 1 && string.IsNullOrEmpty(options.ActiveKeyId))
        {
            errors.Add("Jwt:ActiveKeyId is required with several Jwt:Keys: it names the key that signs.");
        }
    }

    private void ValidateEntry(JwtKeyOptions entry, string path, string defaultAlgorithm)
    {
        var algorithm = entry.Algorithm ?? defaultAlgorithm;
        JwtOptionsValidator.CheckAlgorithm(errors, $"{path}:Algorithm", algorithm);
        var hasKey = !string.IsNullOrEmpty(entry.Key);
        if (hasKey == !string.IsNullOrEmpty(entry.File))
        {
            errors.Add($"{path} must set exactly one of Key or File.");
        }

        if (entry.Kid is { } kid && (kid.Length is 0 or > 64 || !kid.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            errors.Add($"{path}:Kid must be 1 to 64 characters of A-Z, a-z, 0-9, '-', '_' or '.'.");
        }

        if (hasKey && algorithm == "HS256")
        {
            JwtOptionsValidator.CheckSecret(errors, entry.Key!, $"{path}:Key", development);
        }
    }
}
