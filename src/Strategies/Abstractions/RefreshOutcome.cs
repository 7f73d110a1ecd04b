namespace AuthServer.Strategies.Abstractions;

/// <summary>Result of a refresh-token exchange.</summary>
public sealed record RefreshOutcome
{
    private RefreshOutcome(RefreshStatus status, IssuedCredentials? credentials)
    {
        Status = status;
        Credentials = credentials;
    }

    public RefreshStatus Status { get; }

    public IssuedCredentials? Credentials { get; }

    public static RefreshOutcome Success(IssuedCredentials credentials) => new(RefreshStatus.Success, credentials);

    /// <summary>Unknown, expired, revoked or replayed token: RFC 6749 §5.2 <c>invalid_grant</c>.</summary>
    public static RefreshOutcome InvalidGrant { get; } = new(RefreshStatus.InvalidGrant, null);

    /// <summary>The strategy has no refresh tokens.</summary>
    public static RefreshOutcome NotSupported { get; } = new(RefreshStatus.NotSupported, null);
}

public enum RefreshStatus
{
    Success,
    InvalidGrant,
    NotSupported,
}
