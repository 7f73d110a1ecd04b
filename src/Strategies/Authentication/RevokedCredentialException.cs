namespace AuthServer.Strategies.Authentication;

/// <summary>The credential was valid once but has been revoked; the failure an authentication handler reports.</summary>
public sealed class RevokedCredentialException : Exception
{
    public RevokedCredentialException()
        : this("the credential has been revoked")
    {
    }

    public RevokedCredentialException(string message)
        : base(message)
    {
    }

    public RevokedCredentialException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
