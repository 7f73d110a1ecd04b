namespace AuthServer.Strategies.Actors;

internal interface IMailboxItem
{
    Task RunAsync();

    void Fail(Exception exception);
}

/// <summary>One unit of work and the caller waiting for its result.</summary>
internal sealed class MailboxItem<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) : IMailboxItem
{
    private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<T> Completion => completion.Task;

    public async Task RunAsync()
    {
        if (cancellationToken.IsCancellationRequested)
        {
            completion.TrySetCanceled(cancellationToken);
            return;
        }

        try
        {
            completion.TrySetResult(await work(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            completion.TrySetCanceled(cancellationToken);
        }
        catch (Exception ex)
        {
            completion.TrySetException(ex);
        }
    }

    public void Fail(Exception exception) => completion.TrySetException(exception);
}
