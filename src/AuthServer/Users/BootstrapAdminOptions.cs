using Microsoft.Extensions.Options;

namespace AuthServer.Users;

/// <summary>
/// The <c>Auth:BootstrapAdmin</c> section: the first admin, created at start when no account has the name (as
/// Keycloak's bootstrap admin). Nothing happens when the account exists, whatever its roles or password.
/// </summary>
internal sealed class BootstrapAdminOptions
{
    public const string Section = "Auth:BootstrapAdmin";

    /// <summary>The username of the account to create; empty: no bootstrap.</summary>
    public string Username { get; set; } = string.Empty;

    /// <summary>Its password, under the registration rules. Never logged, never echoed in a message.</summary>
    public string Password { get; set; } = string.Empty;

    public bool IsRequested => Username.Length > 0 || Password.Length > 0;
}

/// <summary>Refuses a half-given or invalid bootstrap admin and the removed <c>Auth:Admins</c>; messages name the key only.</summary>
internal sealed class BootstrapAdminOptionsValidator(IConfiguration configuration) : IValidateOptions<BootstrapAdminOptions>
{
    /// <summary>The removed setting that gave the role to usernames: whoever registered a listed name first became admin.</summary>
    public const string RemovedAdminsKey = "Auth:Admins";

    public ValidateOptionsResult Validate(string? name, BootstrapAdminOptions options)
    {
        var errors = new List<string>();
        var admins = configuration.GetSection(RemovedAdminsKey);
        if (admins.Value is not null || admins.GetChildren().Any())
        {
            errors.Add($"{RemovedAdminsKey} is removed: a username never confers a role. Create the first admin with "
                + $"{BootstrapAdminOptions.Section}:Username and {BootstrapAdminOptions.Section}:Password, then grant the role with PUT /admin/users/{{username}}/roles/admin.");
        }

        if (options.IsRequested)
        {
            if (!UsernameRules.IsValidUsername(options.Username))
            {
                errors.Add($"{BootstrapAdminOptions.Section}:Username must be 3 to 64 of A-Za-z0-9._- (the registration rules).");
            }

            if (!UsernameRules.IsValidPassword(options.Password))
            {
                errors.Add($"{BootstrapAdminOptions.Section}:Password must be {UsernameRules.MinPasswordLength} to {UsernameRules.MaxPasswordLength} characters (the registration rules).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
