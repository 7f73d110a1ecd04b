namespace AuthServer.Strategies.Redis;

/// <summary>
/// A Redis for Development when <c>ConnectionStrings:Redis</c> is empty, registered by the host there and nowhere else
/// (outside Development the setting is required: <see cref="RedisSetup"/>). Started on first use.
/// </summary>
public interface IDevelopmentRedis
{
    /// <summary>Starts the server if it is not running; its StackExchange.Redis configuration string.</summary>
    string Start();
}
