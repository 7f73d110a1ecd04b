namespace AuthServer.Strategies.Persistence;

/// <summary>Secrets loaded from the database at start (see <see cref="DatabaseInitializer"/>).</summary>
internal sealed class ServerSecrets
{
    public const string RefreshSuccessorKey = "refresh-successor-key";

    private byte[]? refreshSuccessorKey;

    /// <summary>HMAC key that derives a refresh token's successor from it.</summary>
    public byte[] RefreshKey => refreshSuccessorKey ?? throw new InvalidOperationException("The database has not been initialised yet.");

    public void Load(byte[] refreshKey) => refreshSuccessorKey = refreshKey;
}
