using Microsoft.Extensions.Options;

namespace AuthServer.Strategies.Redis;

/// <summary>Keeps the prefix usable and the timeouts short enough that an outage answers 503 within a second or so.</summary>
internal sealed class RedisOptionsValidator : IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        var errors = new List<string>();
        // A brace would start a Redis Cluster hash tag inside the prefix and move keys that must share a slot apart.
        if (string.IsNullOrEmpty(options.KeyPrefix) || options.KeyPrefix.Length > 64 || options.KeyPrefix.Any(c => char.IsWhiteSpace(c) || c is '{' or '}'))
        {
            errors.Add($"Redis:KeyPrefix must be 1 to 64 characters without spaces or braces; got '{options.KeyPrefix}'.");
        }

        if (options.OperationTimeout < TimeSpan.FromMilliseconds(50) || options.OperationTimeout > TimeSpan.FromSeconds(5))
        {
            errors.Add($"Redis:OperationTimeout must be between 00:00:00.05 and 00:00:05; got {options.OperationTimeout:c}.");
        }

        if (options.WaitForReplicas is < 0 or > 16)
        {
            errors.Add($"Redis:WaitForReplicas must be between 0 (off) and 16; got {options.WaitForReplicas}.");
        }

        if (options.WaitTimeout < TimeSpan.FromMilliseconds(10) || options.WaitTimeout > TimeSpan.FromSeconds(5))
        {
            errors.Add($"Redis:WaitTimeout must be between 00:00:00.01 and 00:00:05; got {options.WaitTimeout:c}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
