namespace AuthServer.Strategies.Persistence;

/// <summary>
/// One SQLite write at a time in this process, whoever it is for; every write goes through it
/// (<see cref="DatabaseGuard.WriteAsync{TService, T}"/>). SQLite has a single writer per file anyway; without the gate, a
/// second writer finds the database busy and Microsoft.Data.Sqlite retries it after sleeping 150 ms, which under concurrent
/// refreshes put hundreds of milliseconds on the tail. It is not the per-user mailbox twice: the mailbox orders one user's
/// changes (and coalesces them), so different users' writes reach here concurrently; the gate queues them for the one
/// file lock. Other processes on the same file still meet SQLite's own locking; PostgreSQL needs no gate.
/// </summary>
internal sealed class SqliteWriteGate : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public async ValueTask<Releaser> EnterAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        return new Releaser(gate);
    }

    public void Dispose() => gate.Dispose();

    internal readonly struct Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
