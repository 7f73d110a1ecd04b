namespace AuthServer.Strategies.Persistence;

// Times are Unix milliseconds: SQLite compares integers exactly, and EF translates them everywhere.

/// <summary>A registered user and the roles the account holds (never derived from its name).</summary>
public sealed class UserRecord
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

/// <summary>A chain of refresh tokens descending from one sign-in (RFC 9700 §4.14.2).</summary>
public sealed class RefreshFamily
{
    public required string Id { get; init; }

    public required string UserId { get; init; }

    public long CreatedAt { get; init; }

    /// <summary>Absolute end of the family, however often it rotates.</summary>
    public long ExpiresAt { get; init; }

    public long? RevokedAt { get; set; }
}

/// <summary>One refresh token, stored only as the SHA-256 of its value.</summary>
public sealed class RefreshTokenRecord
{
    public required string Hash { get; init; }

    public required string FamilyId { get; init; }

    /// <summary>Hash of the token this one replaced; null for the first of a family.</summary>
    public string? ParentHash { get; init; }

    public long IssuedAt { get; init; }

    public long ExpiresAt { get; init; }

    /// <summary>When it was rotated; a token presented after that is a replay.</summary>
    public long? UsedAt { get; set; }
}

/// <summary>Server-side secrets shared by every instance on this database.</summary>
public sealed class ServerSecret
{
    public required string Name { get; init; }

    public required byte[] Value { get; init; }
}
