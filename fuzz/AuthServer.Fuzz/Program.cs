using SharpFuzz;

namespace AuthServer.Fuzz;

/// <summary>libFuzzer (through libfuzzer-dotnet) by default; <c>--afl</c> for AFL++ (see docs/fuzzing.md).</summary>
internal static class FuzzMain
{
    public static void Main(string[] args)
    {
        if (args.Contains("--afl"))
        {
            Fuzzer.OutOfProcess.Run(stream =>
            {
                using var reader = new StreamReader(stream);
                TokenTarget.Run(reader.ReadToEnd());
            });
        }
        else
        {
            Fuzzer.LibFuzzer.Run(input => TokenTarget.Run(input));
        }
    }
}
