using System.Diagnostics;
using System.Globalization;
using LoadTests.Load;

namespace LoadTests.Cli;

/// <summary>
/// The console line while the run goes: what runs now, how far along (by planned seconds), the live rate of
/// the C# scenarios and the last wrk result. On a terminal it redraws one line; otherwise it prints a line per step.
/// </summary>
public sealed class ProgressReporter : IDisposable
{
    private readonly double _plannedSeconds;
    private readonly Stopwatch _total = Stopwatch.StartNew();
    private readonly Stopwatch _step = new();
    private readonly Timer? _timer;
    private readonly bool _tty = !Console.IsOutputRedirected;
    private readonly Lock _lock = new();
    private double _doneSeconds;
    private double _stepPlanned;
    private string _label = "starting";
    private string _last = "";
    private long _lastCount = LiveCounter.Value;
    private double _rate;

    public ProgressReporter(double plannedSeconds)
    {
        _plannedSeconds = Math.Max(plannedSeconds, 1);
        if (_tty)
        {
            _timer = new Timer(_ => Draw(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Starts a step expected to take <paramref name="plannedSeconds"/> of the plan.</summary>
    public void Step(string label, double plannedSeconds)
    {
        lock (_lock)
        {
            _doneSeconds += _stepPlanned;
            _stepPlanned = plannedSeconds;
            _label = label;
            _step.Restart();
            _lastCount = LiveCounter.Value;
        }

        if (!_tty)
        {
            Console.WriteLine($"[{Percent(),3:0}%] {Elapsed()} {label}");
        }
        else
        {
            Draw();
        }
    }

    /// <summary>A finished measurement worth showing (e.g. "12,345 req/s").</summary>
    public void Result(string text)
    {
        lock (_lock)
        {
            _last = text;
        }

        if (_tty)
        {
            ClearLine();
        }

        Console.WriteLine($"       {_label}: {text}");
    }

    /// <summary>A message that stays on screen.</summary>
    public void Say(string text)
    {
        if (_tty)
        {
            ClearLine();
        }

        Console.WriteLine(text);
    }

    public void Dispose()
    {
        _timer?.Dispose();
        if (_tty)
        {
            ClearLine();
        }
    }

    private double Percent()
    {
        lock (_lock)
        {
            double inStep = Math.Min(_step.Elapsed.TotalSeconds, _stepPlanned);
            return Math.Min(99, 100 * (_doneSeconds + inStep) / _plannedSeconds);
        }
    }

    private string Elapsed() => _total.Elapsed.ToString(@"mm\:ss", CultureInfo.InvariantCulture);

    private void Draw()
    {
        string line;
        lock (_lock)
        {
            long now = LiveCounter.Value;
            _rate = now - _lastCount;
            _lastCount = now;
            string rate = _rate > 0 ? $" · live {_rate:N0} ops/s" : "";
            string last = _last.Length > 0 ? $" · last {_last}" : "";
            line = $"[{Percent(),3:0}%] {Elapsed()} {_label} ({_step.Elapsed.TotalSeconds:0}s){rate}{last}";
        }

        int width = Math.Max(40, SafeWidth() - 1);
        Console.Write("\r" + (line.Length > width ? line[..width] : line.PadRight(width)));
    }

    private static void ClearLine() => Console.Write("\r" + new string(' ', Math.Max(40, SafeWidth() - 1)) + "\r");

    private static int SafeWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 120;
        }
        catch (IOException)
        {
            return 120;
        }
    }
}
