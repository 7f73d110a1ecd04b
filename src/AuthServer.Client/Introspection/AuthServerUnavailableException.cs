namespace AuthServer.Client.Introspection;

/// <summary>The auth server could not say whether a credential is active (down, slow, overloaded, or refusing this service).</summary>
public sealed class AuthServerUnavailableException : Exception
{
    public AuthServerUnavailableException()
    {
    }

    public AuthServerUnavailableException(string message)
        : base(message)
    {
    }

    public AuthServerUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
