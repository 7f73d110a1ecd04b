namespace AuthServer.Tests.Redis;

/// <summary>A test that needs a real redis-server process (to freeze it); skipped, and says so, where there is none.</summary>
public sealed class RedisServerFactAttribute : FactAttribute
{
    public RedisServerFactAttribute()
    {
        if (StoppableRedis.RedisServerPath is null)
        {
            Skip = "needs Debian's redis-server (or REDIS_SERVER naming one)";
        }
    }
}
