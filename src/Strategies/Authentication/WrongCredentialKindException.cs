namespace AuthServer.Strategies.Authentication;

/// <summary>The credential is of a kind this strategy never accepts (a JWT offered as a session id, or the reverse).</summary>
public sealed class WrongCredentialKindException : Exception
{
    public WrongCredentialKindException()
        : this("the credential is not of the kind this server accepts")
    {
    }

    public WrongCredentialKindException(string message)
        : base(message)
    {
    }

    public WrongCredentialKindException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
