namespace AuthServer.Revocation;

/// <summary>A store the strategy needs cannot be reached; the host answers 503.</summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Name of the store ("redis", "sqlite").</summary>
    public string Store { get; init; } = "store";
}
