namespace AuthServer.Strategies.Persistence;

/// <summary>
/// One SQLite write transaction at a time in this process. SQLite has a single writer anyway; without the gate,
/// a second <c>BEGIN IMMEDIATE</c> finds the database busy and Microsoft.Data.Sqlite retries it after sleeping
/// 150 ms, which under concurrent refreshes put hundreds of milliseconds on the tail. Other processes on the same
/// file still meet SQLite's own locking.
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
