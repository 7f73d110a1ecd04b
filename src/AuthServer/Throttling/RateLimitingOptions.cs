using Microsoft.Extensions.Options;

namespace AuthServer.Throttling;

/// <summary>The <c>RateLimiting</c> section: the limits on password guesses and registrations, and on hashing.</summary>
internal sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Login attempts per minute per client address and username.</summary>
    public int LoginPermitLimit { get; set; } = 10;

    /// <summary>Failed logins per minute from one client address (an IPv6 address counts by its /64), whatever the usernames.</summary>
    public int AddressFailureLimit { get; set; } = 30;

    /// <summary>Failed logins per hour for one account, whatever the addresses (ASVS v4 2.2.1: at most 100).</summary>
    public int AccountFailureLimit { get; set; } = 100;

    /// <summary>Registrations per hour per client address.</summary>
    public int RegisterPermitLimit { get; set; } = 20;

    /// <summary>Password hashes computed at once; past them a request waits briefly, then gets 503.</summary>
    public int PasswordHashConcurrency { get; set; } = Environment.ProcessorCount;
}

/// <summary>Every limit positive; each message names its key.</summary>
internal sealed class RateLimitingOptionsValidator : IValidateOptions<RateLimitingOptions>
{
    private const int MaxPermits = 1_000_000;

    public ValidateOptionsResult Validate(string? name, RateLimitingOptions options)
    {
        var errors = new List<string>();
        Range(errors, nameof(options.LoginPermitLimit), options.LoginPermitLimit, MaxPermits);
        Range(errors, nameof(options.AddressFailureLimit), options.AddressFailureLimit, MaxPermits);
        Range(errors, nameof(options.AccountFailureLimit), options.AccountFailureLimit, MaxPermits);
        Range(errors, nameof(options.RegisterPermitLimit), options.RegisterPermitLimit, MaxPermits);
        Range(errors, nameof(options.PasswordHashConcurrency), options.PasswordHashConcurrency, 1024);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Range(List<string> errors, string key, int value, int max)
    {
        if (value < 1 || value > max)
        {
            errors.Add($"{RateLimitingOptions.Section}:{key} must be between 1 and {max}; got {value}.");
        }
    }
}
