using System.Diagnostics;

namespace LoadTests.Infra;

/// <summary>
/// Samples CPU counters every 100 ms while a scenario runs, so the share of one core used over its measured window
/// (the last N seconds, after the scenario's own setup) can be read afterwards.
/// </summary>
public sealed class CpuWindow : IAsyncDisposable
{
    private readonly Func<double>[] _counters;
    private readonly List<(double At, double[] Cpu)> _samples = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;

    public CpuWindow(params Func<double>[] counters)
    {
        _counters = counters;
        Sample();
        _sampler = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                Sample();
                await Task.Delay(100, CancellationToken.None);
            }
        }, CancellationToken.None);
    }

    /// <summary>Percent of one core each counter used over the last <paramref name="seconds"/> seconds, as of now.</summary>
    public double[] LastSeconds(double seconds)
    {
        double end = _clock.Elapsed.TotalSeconds;
        double[] now = [.. _counters.Select(c => c())];
        (double at, double[] cpu) start;
        lock (_samples)
        {
            start = _samples.LastOrDefault(x => x.At <= end - seconds, _samples[0]);
        }

        return [.. now.Select((c, i) => Math.Round(100 * Math.Min(1, (c - start.cpu[i]) / Math.Max(end - start.at, 0.1))))];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampler;
        _stop.Dispose();
    }

    private void Sample()
    {
        double[] cpu = [.. _counters.Select(c => c())];
        lock (_samples)
        {
            _samples.Add((_clock.Elapsed.TotalSeconds, cpu));
        }
    }
}
