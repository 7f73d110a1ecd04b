using BenchmarkDotNet.Running;

namespace AuthServer.Benchmarks;

/// <summary>BenchmarkDotNet's switcher: <c>--filter *</c> runs everything, <c>--list flat</c> names the benchmarks (README).</summary>
internal static class BenchmarkMain
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkMain).Assembly).Run(args);
}
