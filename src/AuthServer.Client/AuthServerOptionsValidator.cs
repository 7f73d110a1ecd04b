using System.Text;
using AuthServer.Revocation;
using Microsoft.Extensions.Options;

namespace AuthServer.Client;

/// <summary>Refuses settings that cannot work or would be unsafe, at start and naming the option.</summary>
internal sealed class AuthServerOptionsValidator : IValidateOptions<AuthServerOptions>
{
    internal static readonly TimeSpan MaximumCacheDuration = TimeSpan.FromMinutes(5);

    public ValidateOptionsResult Validate(string? name, AuthServerOptions options)
    {
        var errors = new List<string>();
        if (options.Authority is not { IsAbsoluteUri: true } authority || authority.Scheme is not ("http" or "https"))
        {
            errors.Add("AuthServer:Authority must be the auth server's absolute http(s) URL.");
        }
        else if (authority.Scheme == "http" && options.RequireHttpsMetadata)
        {
            errors.Add($"AuthServer:Authority is http ({authority}) while RequireHttpsMetadata is on: use https, or turn it off on a private network.");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            errors.Add("AuthServer:Audience must not be empty.");
        }

        if (options.SigningKey is not null && Encoding.UTF8.GetByteCount(options.SigningKey) < 32)
        {
            errors.Add("AuthServer:SigningKey must be at least 32 bytes (256 bits) of UTF-8, like the server's Jwt:SigningKey.");
        }

        if (string.IsNullOrEmpty(options.ClientId) != string.IsNullOrEmpty(options.ClientSecret))
        {
            errors.Add("AuthServer:ClientId and AuthServer:ClientSecret go together.");
        }

        if (options.IntrospectionCacheDuration < TimeSpan.Zero || options.IntrospectionCacheDuration > MaximumCacheDuration)
        {
            errors.Add($"AuthServer:IntrospectionCacheDuration must be between 00:00:00 and {MaximumCacheDuration:c}; got {options.IntrospectionCacheDuration:c}.");
        }

        if (options.IntrospectionCacheSize is < 1 or > 1_000_000)
        {
            errors.Add("AuthServer:IntrospectionCacheSize must be between 1 and 1000000.");
        }

        if (options.IntrospectionTimeout <= TimeSpan.Zero || options.StartupTimeout <= TimeSpan.Zero)
        {
            errors.Add("AuthServer:IntrospectionTimeout and AuthServer:StartupTimeout must be positive.");
        }

        if (!string.IsNullOrWhiteSpace(options.Redis) && RedisConfiguration.Problem(options.Redis) is { } problem)
        {
            // The string itself is never echoed: it may hold a password.
            errors.Add($"AuthServer:Redis is not a valid StackExchange.Redis configuration string: {problem}");
        }

        if (options.RedisFailureMode is not ("fail-closed" or "fail-open"))
        {
            errors.Add("AuthServer:RedisFailureMode must be fail-closed or fail-open.");
        }

        if (string.IsNullOrEmpty(options.RedisKeyPrefix) || options.RedisOperationTimeout <= TimeSpan.Zero)
        {
            errors.Add("AuthServer:RedisKeyPrefix must not be empty and AuthServer:RedisOperationTimeout must be positive.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
