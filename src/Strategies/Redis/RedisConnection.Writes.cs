using System.Diagnostics;
using System.Runtime.CompilerServices;
using AuthServer.Strategies.Abstractions;
using StackExchange.Redis;

namespace AuthServer.Strategies.Redis;

internal sealed partial class RedisConnection
{
    private readonly LazyMultiplexer acknowledged;
    private readonly ReplicaRounds rounds;
    private readonly int? database;

    /// <summary>Replicas a revocation waits for (<c>Redis:WaitForReplicas</c>, resolved for this connection string); 0: off.</summary>
    public int ReplicasToWaitFor { get; }

    public TimeSpan WaitTimeout { get; }

    /// <summary>
    /// A write that must outlive a failover of the primary (a revocation): one Lua script over keys of one slot, answered
    /// only once <see cref="ReplicasToWaitFor"/> replicas hold it; else <see cref="StoreUnavailableException"/> (503, never a
    /// 200 that a failover could take back). The script and its <c>WAIT</c> go through one server object, so they share its
    /// one interactive connection and the WAIT covers the write; NoRedirect keeps a moved slot from sending the write elsewhere.
    /// </summary>
    public async Task<RedisResult> WriteAsync(string script, RedisKey[] keys, RedisValue[] values, [CallerMemberName] string operation = "")
    {
        if (ReplicasToWaitFor == 0)
        {
            return await RunAsync(db => db.ScriptEvaluateAsync(script, keys, values), operation);
        }

        var started = Stopwatch.GetTimestamp();
        var succeeded = false;
        try
        {
            IServer server;
            try
            {
                server = acknowledged.Value.GetServer(keys[0], flags: CommandFlags.DemandMaster);
            }
            catch (InvalidOperationException ex)
            {
                // No connected primary holds the key's slot: the primary is lost and nobody has been promoted yet.
                throw RedisCalls.Unavailable(ex);
            }

            // Either may queue behind one WAIT round on this connection.
            object[] evaluate = [script, keys.Length, .. keys.Cast<object>(), .. values.Cast<object>()];
            var result = await RedisCalls.RunAsync(server.ExecuteAsync(database, "EVAL", evaluate, CommandFlags.NoRedirect), Timeout + WaitTimeout);
            var confirmed = await RedisCalls.RunAsync(rounds.ConfirmAsync(server), Timeout + (2 * WaitTimeout));
            if (confirmed < ReplicasToWaitFor)
            {
                RedisLog.NotReplicated(logger, operation, server.EndPoint, confirmed, ReplicasToWaitFor, WaitTimeout.TotalMilliseconds);
                throw RedisCalls.Unavailable();
            }

            succeeded = true;
            return result;
        }
        finally
        {
            metrics.RedisCallCompleted(operation, Stopwatch.GetElapsedTime(started), succeeded);
        }
    }
}
