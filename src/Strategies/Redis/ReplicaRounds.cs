using System.Net;
using StackExchange.Redis;

namespace AuthServer.Strategies.Redis;

/// <summary>
/// Group commit for <c>WAIT</c>: a write that is done joins the next round of its server, and one <c>WAIT</c> per round
/// confirms every write sent before it on that connection. One round at a time per server, so when replicas are slow the
/// connection never fills with abandoned <c>WAIT</c>s, each still blocking it for the full timeout (seen: revocations
/// answering 503 for as long as the backlog lasted, long after the replica was back).
/// </summary>
internal sealed class ReplicaRounds(int replicas, TimeSpan timeout, int? database)
{
    private readonly Lock gate = new();
    private readonly Dictionary<EndPoint, Rounds> servers = [];

    /// <summary>How many replicas hold every write this process sent to <paramref name="server"/> before the call.</summary>
    public Task<long> ConfirmAsync(IServer server)
    {
        Rounds? start = null;
        Task<long> confirmed;
        lock (gate)
        {
            if (!servers.TryGetValue(server.EndPoint, out var rounds))
            {
                rounds = servers[server.EndPoint] = new Rounds();
            }

            // The round after the one in flight: its WAIT is sent only after this write was, so it covers it.
            rounds.Next ??= new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            confirmed = rounds.Next.Task;
            if (!rounds.Running)
            {
                rounds.Running = true;
                start = rounds;
            }
        }

        if (start is not null)
        {
            _ = RunAsync(server, start);
        }

        return confirmed;
    }

    private async Task RunAsync(IServer server, Rounds rounds)
    {
        object[] wait = [replicas, (long)timeout.TotalMilliseconds];
        while (true)
        {
            TaskCompletionSource<long> round;
            lock (gate)
            {
                if (rounds.Next is null)
                {
                    rounds.Running = false;
                    return;
                }

                round = rounds.Next;
                rounds.Next = null;
            }

            try
            {
                round.SetResult((long)await server.ExecuteAsync(database, "WAIT", wait, CommandFlags.NoRedirect));
            }
            catch (Exception ex)
            {
                round.SetException(ex);
            }
        }
    }

    private sealed class Rounds
    {
        public TaskCompletionSource<long>? Next { get; set; }

        public bool Running { get; set; }
    }
}
