using Microsoft.Extensions.Options;

namespace AuthServer.Strategies.Options;

/// <summary>Refuses lifetimes out of sane ranges; every message names the setting's key.</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var errors = new List<string>();
        if (!StrategyCatalog.Names.Contains(options.Strategy))
        {
            errors.Add($"Auth:Strategy must be one of {string.Join(", ", StrategyCatalog.Names)}; got '{options.Strategy}'.");
        }

        if (options.AccessTokenLifetime is { } access)
        {
            Range(errors, "Auth:AccessTokenLifetime", access, TimeSpan.FromSeconds(30), TimeSpan.FromDays(1));
        }

        Range(errors, "Auth:RefreshTokenLifetime", options.RefreshTokenLifetime, TimeSpan.FromMinutes(1), TimeSpan.FromDays(365));
        Range(errors, "Auth:RefreshFamilyLifetime", options.RefreshFamilyLifetime, TimeSpan.FromMinutes(1), TimeSpan.FromDays(365));
        Range(errors, "Auth:RefreshReuseGrace", options.RefreshReuseGrace, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Range(errors, "Auth:SessionIdleTimeout", options.SessionIdleTimeout, TimeSpan.FromSeconds(30), TimeSpan.FromDays(1));
        Range(errors, "Auth:SessionAbsoluteTimeout", options.SessionAbsoluteTimeout, TimeSpan.FromMinutes(1), TimeSpan.FromDays(30));
        if (options.RefreshFamilyLifetime < options.RefreshTokenLifetime)
        {
            errors.Add("Auth:RefreshFamilyLifetime must not be shorter than Auth:RefreshTokenLifetime.");
        }

        if (options.SessionAbsoluteTimeout < options.SessionIdleTimeout)
        {
            errors.Add("Auth:SessionAbsoluteTimeout must not be shorter than Auth:SessionIdleTimeout.");
        }

        if (options.RedisFailureMode is not (RedisFailureModes.FailClosed or RedisFailureModes.FailOpen))
        {
            errors.Add($"Auth:RedisFailureMode must be '{RedisFailureModes.FailClosed}' or '{RedisFailureModes.FailOpen}'; got '{options.RedisFailureMode}'.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Range(List<string> errors, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{key} must be between {min:c} and {max:c}; got {value:c}.");
        }
    }
}
