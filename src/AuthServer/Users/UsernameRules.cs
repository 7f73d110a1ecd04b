using System.Text.RegularExpressions;

namespace AuthServer.Users;

/// <summary>The contract's rules for usernames and passwords.</summary>
internal static partial class UsernameRules
{
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 128;

    [GeneratedRegex("^[A-Za-z0-9._-]{3,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex UsernamePattern();

    public static bool IsValidUsername(string? username) => username is not null && UsernamePattern().IsMatch(username);

    public static bool IsValidPassword(string? password) => password is { Length: >= MinPasswordLength and <= MaxPasswordLength };

    /// <summary>The unique key: names differing only in case are the same user.</summary>
    public static string Normalize(string username) => username.ToUpperInvariant();
}
