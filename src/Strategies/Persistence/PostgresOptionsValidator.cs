using Microsoft.Extensions.Options;

namespace AuthServer.Strategies.Persistence;

internal sealed class PostgresOptionsValidator : IValidateOptions<PostgresOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresOptions options) =>
        options.StartupTimeout < TimeSpan.Zero || options.StartupTimeout > TimeSpan.FromMinutes(10)
            ? ValidateOptionsResult.Fail($"Postgres:StartupTimeout must be between 00:00:00 and 00:10:00; got {options.StartupTimeout:c}.")
            : ValidateOptionsResult.Success;
}
