using Microsoft.Extensions.Options;

namespace AuthServer.Strategies.Redis;

/// <summary>Keeps the prefix usable and the timeout short enough that an outage answers 503 within a second.</summary>
internal sealed class RedisOptionsValidator : IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(options.KeyPrefix) || options.KeyPrefix.Length > 64 || options.KeyPrefix.Any(char.IsWhiteSpace))
        {
            errors.Add($"Redis:KeyPrefix must be 1 to 64 characters without spaces; got '{options.KeyPrefix}'.");
        }

        if (options.OperationTimeout < TimeSpan.FromMilliseconds(50) || options.OperationTimeout > TimeSpan.FromSeconds(5))
        {
            errors.Add($"Redis:OperationTimeout must be between 00:00:00.05 and 00:00:05; got {options.OperationTimeout:c}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
