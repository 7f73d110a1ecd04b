using Microsoft.Extensions.Options;

namespace AuthServer.Strategies.Persistence;

internal sealed class PostgresOptionsValidator : IValidateOptions<PostgresOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresOptions options)
    {
        List<string> errors = [];
        if (options.StartupTimeout < TimeSpan.Zero || options.StartupTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"Postgres:StartupTimeout must be between 00:00:00 and 00:10:00; got {options.StartupTimeout:c}.");
        }

        if (options.HangTimeout < TimeSpan.FromMilliseconds(50) || options.HangTimeout > TimeSpan.FromMinutes(1))
        {
            errors.Add($"Postgres:HangTimeout must be between 00:00:00.050 and 00:01:00; got {options.HangTimeout:c}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
