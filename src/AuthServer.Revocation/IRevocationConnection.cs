using System.Runtime.CompilerServices;
using StackExchange.Redis;

namespace AuthServer.Revocation;

/// <summary>
/// What the revocation list needs of a Redis connection: calls with a deadline, the subscriber, and word of each
/// connection lost and made again. The server's own connection provides it (with its metrics and acknowledged writes);
/// a resource service, a plain one (<see cref="RevocationRedisConnection"/>).
/// </summary>
internal interface IRevocationConnection
{
    /// <summary>The deadline of one Redis call.</summary>
    TimeSpan Timeout { get; }

    bool IsConnected { get; }

    ISubscriber Subscriber { get; }

    /// <summary>Raised when a connection to a primary fails.</summary>
    event EventHandler<ConnectionFailedEventArgs>? ConnectionFailed;

    /// <summary>Raised when a connection is made again.</summary>
    event EventHandler<ConnectionFailedEventArgs>? ConnectionRestored;

    /// <summary>Runs one call with the deadline; an unreachable Redis becomes <see cref="StoreUnavailableException"/>.</summary>
    Task<T> RunAsync<T>(Func<IDatabase, Task<T>> call, [CallerMemberName] string operation = "");
}
