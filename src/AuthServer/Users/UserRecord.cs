namespace AuthServer.Users;

/// <summary>A registered user and the roles the account holds (never derived from its name). Times are Unix milliseconds.</summary>
internal sealed class UserRecord
{
    public required string Id { get; init; }

    public required string Username { get; init; }

    /// <summary>Upper-cased username: the unique key, so names are unique case-insensitively.</summary>
    public required string NormalizedUsername { get; init; }

    public required string PasswordHash { get; set; }

    public long CreatedAt { get; init; }

    /// <summary>Role names separated by spaces (<see cref="AccountRoles"/>); empty for an ordinary account.</summary>
    public string Roles { get; set; } = string.Empty;
}
