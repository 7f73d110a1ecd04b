using AuthServer.Strategies.Options;
using Microsoft.Extensions.Options;

namespace AuthServer.Introspection;

/// <summary>The <c>Introspection</c> section: the resource services allowed to call <c>POST /auth/introspect</c>.</summary>
internal sealed class IntrospectionOptions
{
    public const string Section = "Introspection";

    /// <summary>Registered callers; none means introspection refuses everyone.</summary>
    public IList<IntrospectionClientOptions> Clients { get; } = [];

    /// <summary>Requests per second one caller may make (a token bucket of this size, refilled every 100 ms).</summary>
    public int RequestsPerSecond { get; set; } = 5000;
}

/// <summary>One resource service: <c>Introspection:Clients:N:Id</c> and <c>:Secret</c>.</summary>
internal sealed class IntrospectionClientOptions
{
    public string? Id { get; set; }

    public string? Secret { get; set; }
}

/// <summary>
/// Ids and secrets of URL-safe characters only, so HTTP Basic means the same whether or not a caller form-encodes them
/// first (RFC 6749 §2.3.1 asks it to; curl -u does not); secrets as long and random as an HS256 key.
/// </summary>
internal sealed class IntrospectionOptionsValidator(IHostEnvironment environment) : IValidateOptions<IntrospectionOptions>
{
    private const int MaximumLength = 256;

    public ValidateOptionsResult Validate(string? name, IntrospectionOptions options)
    {
        var errors = new List<string>();
        if (options.RequestsPerSecond is < 1 or > 1_000_000)
        {
            errors.Add($"{IntrospectionOptions.Section}:RequestsPerSecond must be between 1 and 1000000; got {options.RequestsPerSecond}.");
        }

        for (var i = 0; i < options.Clients.Count; i++)
        {
            var (client, key) = (options.Clients[i], $"{IntrospectionOptions.Section}:Clients:{i}");
            if (!IsUrlSafe(client.Id, 1))
            {
                errors.Add($"{key}:Id must be 1 to {MaximumLength} of A-Za-z0-9 . _ ~ -.");
            }

            if (!IsUrlSafe(client.Secret, KeyStrength.MinimumHmacKeyBytes))
            {
                errors.Add($"{key}:Secret must be {KeyStrength.MinimumHmacKeyBytes} to {MaximumLength} of A-Za-z0-9 . _ ~ - (generate one with: openssl rand -hex 32).");
            }
            else if (!environment.IsDevelopment() && KeyStrength.Guessable(client.Secret!, $"{key}:Secret") is { } guessable)
            {
                errors.Add(guessable.Replace("openssl rand -base64 48", "openssl rand -hex 32", StringComparison.Ordinal));
            }
        }

        if (options.Clients.GroupBy(c => c.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Key is not null && g.Count() > 1) is { } twice)
        {
            errors.Add($"{IntrospectionOptions.Section}:Clients names the id '{twice.Key}' twice.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsUrlSafe(string? value, int minimumLength) =>
        value is { Length: > 0 } && value.Length >= minimumLength && value.Length <= MaximumLength
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '~' or '-');
}
