using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AuthServer.Compare;

/// <summary>The page's own API: what runs where, and the Redis switch.</summary>
internal static class CompareEndpoints
{
    /// <summary>
    /// Required on the switch: a custom header makes a browser ask first (CORS preflight), which this host never
    /// grants, so a page on another site cannot stop Redis behind the user's back. curl sends it with -H.
    /// </summary>
    public const string IntentHeader = "X-Comparison";

    public static RouteGroupBuilder MapCompareApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/compare/api").ExcludeFromDescription();
        group.MapGet("/setup", GetSetup);
        group.MapPost("/redis/stop", (HttpContext context, ComparisonRedis redis) => SwitchAsync(context, redis, redis.StopAsync));
        group.MapPost("/redis/start", (HttpContext context, ComparisonRedis redis) => SwitchAsync(context, redis, redis.StartAsync));
        return group;
    }

    private static Results<Ok<ComparisonSetup>, ProblemHttpResult> GetSetup(ComparisonInstances instances, ComparisonRedis redis, HttpContext context)
    {
        if (!instances.Ready)
        {
            context.Response.Headers.RetryAfter = "1";
            return TypedResults.Problem("The instances are still starting.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var strategies = ComparisonInstances.Columns
            .Select(strategy => new ComparedStrategy(
                strategy,
                ComparisonInstances.InstanceNames.ToDictionary(name => name, name => instances.Find(strategy, name)!.BaseAddress.ToString())))
            .ToList();
        return TypedResults.Ok(new ComparisonSetup(strategies, new RedisState(redis.Running, redis.ConnectionString)));
    }

    private static async Task<Results<Ok<RedisSwitched>, ProblemHttpResult>> SwitchAsync(HttpContext context, ComparisonRedis redis, Func<Task> change)
    {
        if (!context.Request.Headers.ContainsKey(IntentHeader))
        {
            return TypedResults.Problem($"Send the {IntentHeader} header: the switch is for the comparison page (and curl -H '{IntentHeader}: 1').", statusCode: StatusCodes.Status400BadRequest);
        }

        var started = Stopwatch.GetTimestamp();
        await change();
        return TypedResults.Ok(new RedisSwitched(redis.Running, Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1)));
    }
}

/// <summary><c>GET /compare/api/setup</c>: the columns, each instance's own address, and the Redis.</summary>
internal sealed record ComparisonSetup(IReadOnlyList<ComparedStrategy> Strategies, RedisState Redis);

internal sealed record ComparedStrategy(string Name, IReadOnlyDictionary<string, string> Instances);

internal sealed record RedisState(bool Running, string Address);

/// <summary>The answer to stopping or starting Redis, and how long it took (the snapshot is most of a stop).</summary>
internal sealed record RedisSwitched(bool Running, double TookMs);
