using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuthServer.Strategies.Options;

/// <summary>Refuses weak or missing keys outside Development, and algorithms other than the two supported.</summary>
internal sealed class JwtOptionsValidator(IHostEnvironment environment) : IValidateOptions<JwtOptions>
{
    internal const int MinimumHmacKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        var errors = new List<string>();
        if (options.Algorithm is not ("HS256" or "ES256"))
        {
            errors.Add($"Jwt:Algorithm must be 'HS256' or 'ES256'; got '{options.Algorithm}'.");
        }

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

        if (options.Algorithm == "HS256" && options.SigningKey is { } key && Encoding.UTF8.GetByteCount(key) < MinimumHmacKeyBytes)
        {
            errors.Add($"Jwt:SigningKey must be at least {MinimumHmacKeyBytes} bytes (256 bits) of UTF-8.");
        }

        if (!environment.IsDevelopment())
        {
            if (options.Algorithm == "HS256" && string.IsNullOrEmpty(options.SigningKey))
            {
                errors.Add("Jwt:SigningKey is required outside Development (at least 32 bytes).");
            }

            if (options.Algorithm == "ES256" && string.IsNullOrEmpty(options.EcdsaKey) && string.IsNullOrEmpty(options.EcdsaKeyFile))
            {
                errors.Add("Jwt:EcdsaKey or Jwt:EcdsaKeyFile is required for ES256 outside Development.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
