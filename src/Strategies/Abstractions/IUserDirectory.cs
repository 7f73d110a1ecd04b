namespace AuthServer.Strategies.Abstractions;

/// <summary>The host's users, as strategies need them (a refresh re-reads the user and their roles).</summary>
public interface IUserDirectory
{
    Task<AuthUser?> FindByIdAsync(string userId, CancellationToken cancellationToken);
}
