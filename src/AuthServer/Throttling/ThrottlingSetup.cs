using AuthServer.Strategies.Redis;
using Microsoft.Extensions.Options;

namespace AuthServer.Throttling;

internal static class ThrottlingSetup
{
    /// <summary>The limits, counted in Redis when this server has one (after <c>AddAuthStrategy</c>), else here.</summary>
    public static WebApplicationBuilder AddThrottling(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitingOptions>, RateLimitingOptionsValidator>();
        services.AddSingleton<LimitBuckets>();
        services.AddSingleton<LocalLimitCounter>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<PasswordHashGate>();
        services.AddSingleton<PasswordGuesses>();

        // A Redis strategy has registered the connection (a configured Redis, or the embedded development server);
        // otherwise a configured Redis is used for the counts alone.
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("Redis")))
        {
            RedisSetup.AddConnection(services, builder.Configuration);
        }

        if (services.Any(d => d.ServiceType == typeof(RedisConnection)))
        {
            services.AddSingleton<RedisLimitCounter>();
        }

        services.AddSingleton<LimitCounters>();

        return builder;
    }
}
