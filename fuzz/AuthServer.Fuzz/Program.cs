using SharpFuzz;

namespace AuthServer.Fuzz;

/// <summary>libFuzzer (through libfuzzer-dotnet) by default; <c>--afl</c> for AFL++; <c>--seed DIR</c> writes a starting corpus (docs/fuzzing.md).</summary>
internal static class FuzzMain
{
    public static void Main(string[] args)
    {
        if (args is ["--seed", var directory])
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "valid.jwt"), TokenTarget.ValidToken());
            File.WriteAllText(Path.Combine(directory, "refresh.txt"), "u6bV0v7bPZ1k8m3yJ3mJcQkqL5W7oYwz1tqZrj2b9xQ");
            File.WriteAllText(Path.Combine(directory, "none.jwt"), "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.");
        }
        else if (args.Contains("--afl"))
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
