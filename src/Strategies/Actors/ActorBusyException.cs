namespace AuthServer.Strategies.Actors;

/// <summary>The user's mailbox cannot take work now (full, or the server is shutting down); the host answers 503.</summary>
public sealed class ActorBusyException : Exception
{
    public ActorBusyException()
        : base("Too many concurrent requests for this user; try again shortly.")
    {
    }

    public ActorBusyException(string message)
        : base(message)
    {
    }

    public ActorBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
