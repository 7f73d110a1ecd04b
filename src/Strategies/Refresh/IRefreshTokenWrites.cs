using System.Data.Common;
using AuthServer.Strategies.Persistence;

namespace AuthServer.Strategies.Refresh;

/// <summary>The two writes whose SQL differs by engine. Each is all-or-nothing and decided by the database, never by a read before it.</summary>
internal interface IRefreshTokenWrites
{
    Task CreateFamilyAsync(DbConnection connection, RefreshFamily family, RefreshTokenRecord first, CancellationToken cancellationToken);

    /// <summary>Marks <paramref name="hash"/> used and inserts its successor, only if it was unused and its family alive.</summary>
    Task<bool> TryRotateAsync(DbConnection connection, string hash, RefreshTokenRecord successor, long now, CancellationToken cancellationToken);
}
