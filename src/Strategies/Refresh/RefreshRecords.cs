namespace AuthServer.Strategies.Refresh;

// Times are Unix milliseconds: SQLite compares integers exactly, and EF translates them everywhere.

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
