using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuthServer.Strategies.Options;

/// <summary>Refuses weak, missing or contradictory keys, and algorithms other than the two supported.</summary>
internal sealed class JwtOptionsValidator(IHostEnvironment environment) : IValidateOptions<JwtOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        var errors = new List<string>();
        CheckAlgorithm(errors, "Jwt:Algorithm", options.Algorithm);
        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            errors.Add("Jwt:Issuer must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            errors.Add("Jwt:Audience must not be empty.");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromSeconds(30))
        {
            errors.Add($"Jwt:ClockSkew must be between 00:00:00 and 00:00:30; got {options.ClockSkew:c}.");
        }

        if (options.Keys.Count > 0)
        {
            new KeyListValidator(errors, options, environment.IsDevelopment()).Validate();
        }
        else
        {
            ValidateSingleKey(errors, options);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static void CheckAlgorithm(List<string> errors, string key, string? algorithm)
    {
        if (algorithm is not ("HS256" or "ES256"))
        {
            errors.Add($"{key} must be 'HS256' or 'ES256'; got '{algorithm}'.");
        }
    }

    internal static void CheckSecret(List<string> errors, string secret, string key, bool development)
    {
        if (KeyStrength.TooShort(secret, key) is { } tooShort)
        {
            errors.Add(tooShort);
        }
        else if (!development && KeyStrength.Guessable(secret, key) is { } guessable)
        {
            errors.Add(guessable);
        }
    }

    private void ValidateSingleKey(List<string> errors, JwtOptions options)
    {
        if (!string.IsNullOrEmpty(options.ActiveKeyId))
        {
            errors.Add("Jwt:ActiveKeyId names an entry of Jwt:Keys, which is empty.");
        }

        if (options.Algorithm == "HS256" && !string.IsNullOrEmpty(options.SigningKey))
        {
            CheckSecret(errors, options.SigningKey, "Jwt:SigningKey", environment.IsDevelopment());
        }

        if (environment.IsDevelopment())
        {
            return;
        }

        if (options.Algorithm == "HS256" && string.IsNullOrEmpty(options.SigningKey))
        {
            errors.Add("Jwt:SigningKey (or Jwt:Keys) is required outside Development (at least 32 bytes).");
        }

        if (options.Algorithm == "ES256" && string.IsNullOrEmpty(options.EcdsaKey) && string.IsNullOrEmpty(options.EcdsaKeyFile))
        {
            errors.Add("Jwt:EcdsaKey or Jwt:EcdsaKeyFile (or Jwt:Keys) is required for ES256 outside Development.");
        }
    }
}
