using AuthServer.Strategies.Abstractions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuthServer.Strategies.Redis;

/// <summary>Registers Redis for a strategy that needs it; the others never call this, so they never touch Redis.</summary>
internal static class RedisSetup
{
    public const string ReadyTag = "ready";

    public static void AddRedis(StrategyRegistrationContext context, string strategy)
    {
        var connectionString = context.Configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (!context.Environment.IsDevelopment())
            {
                throw Invalid($"{RedisOptions.ConnectionStringKey} is required by the {strategy} strategy outside Development (a StackExchange.Redis configuration string such as 'redis.example:6379,password=...').");
            }
        }

        AddConnection(context.Services, context.Configuration);
        context.HealthChecks.AddCheck<RedisHealthCheck>("redis", tags: [ReadyTag]);
    }

    /// <summary>
    /// The shared connection alone: what a Redis strategy registers, and what the host registers for its shared rate-limit
    /// counts when <c>ConnectionStrings:Redis</c> is set under a strategy that does not need Redis (no readiness check then:
    /// those counts fall back to the instance while Redis is away).
    /// </summary>
    public static void AddConnection(IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Redis");
        if (!string.IsNullOrWhiteSpace(connectionString) && RedisConfiguration.Problem(connectionString) is { } problem)
        {
            throw Invalid($"{RedisOptions.ConnectionStringKey} is not a valid StackExchange.Redis configuration string: {problem}");
        }

        if (services.Any(d => d.ServiceType == typeof(RedisConnection)))
        {
            return;
        }

        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisOptions>, RedisOptionsValidator>());
        services.TryAddSingleton<RedisConnection>();
        services.TryAddSingleton<RedisKeys>();
        // The revocation keys are named by the shared assembly, under this deployment's prefix.
        services.TryAddSingleton<RevocationKeys>();
        services.AddOptions<RevocationListOptions>().Configure<IOptions<RedisOptions>>((revocations, redis) => revocations.KeyPrefix = redis.Value.KeyPrefix);
        services.AddHostedService<RedisWarmup>();
    }

    private static OptionsValidationException Invalid(string message) =>
        new(RedisOptions.ConnectionStringKey, typeof(RedisOptions), [message]);
}
