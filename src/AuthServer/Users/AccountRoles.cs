namespace AuthServer.Users;

/// <summary>The roles column of <see cref="UserRecord"/>: role names joined by single spaces, in a stable order.</summary>
internal static class AccountRoles
{
    public const string Admin = "admin";

    public const int MaxLength = 256;

    public static IReadOnlyList<string> Parse(string? stored) =>
        string.IsNullOrEmpty(stored) ? [] : stored.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static string Format(IEnumerable<string> roles) =>
        string.Join(' ', roles.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
}
