using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AuthServer.Revocation;

/// <summary>
/// A resource service's one connection to the auth server's Redis, for the revocation list only: made on first use, and
/// healing by itself (StackExchange.Redis reconnects; a Sentinel string is followed by the client).
/// </summary>
internal sealed class RevocationRedisConnection : IRevocationConnection, IDisposable
{
    private readonly LazyMultiplexer multiplexer;

    public RevocationRedisConnection(string connectionString, TimeSpan timeout, ILogger<RevocationRedisConnection> logger)
    {
        Timeout = timeout;
        multiplexer = new LazyMultiplexer(() =>
        {
            var configuration = RedisConfiguration.Create(connectionString, timeout);
            configuration.ClientName = "authserver-client-revocations";
            var connection = ConnectionMultiplexer.Connect(configuration);
            connection.ConnectionFailed += (sender, e) =>
            {
                RevocationLog.ConnectionFailed(logger, e.EndPoint?.ToString(), e.FailureType.ToString());
                ConnectionFailed?.Invoke(sender, e);
            };
            connection.ConnectionRestored += (sender, e) => ConnectionRestored?.Invoke(sender, e);
            return connection;
        });
    }

    public event EventHandler<ConnectionFailedEventArgs>? ConnectionFailed;

    public event EventHandler<ConnectionFailedEventArgs>? ConnectionRestored;

    public TimeSpan Timeout { get; }

    public bool IsConnected => multiplexer.IsCreated && multiplexer.Value.IsConnected;

    public ISubscriber Subscriber => multiplexer.Value.GetSubscriber();

    public async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> call, string operation = "")
    {
        Task<T> task;
        try
        {
            task = call(multiplexer.Value.GetDatabase());
        }
        catch (Exception ex) when (RedisCalls.IsUnavailable(ex))
        {
            throw RedisCalls.Unavailable(ex);
        }

        return await RedisCalls.RunAsync(task, Timeout);
    }

    public void Dispose() => multiplexer.Dispose();
}
