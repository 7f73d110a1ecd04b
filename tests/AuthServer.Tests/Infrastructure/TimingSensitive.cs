namespace AuthServer.Tests.Infrastructure;

/// <summary>
/// Tests that assert wall-clock bounds (503 within a second, hashing time, revocation delay) run in this
/// collection, alone after the parallel ones: on two shared cores a parallel suite would measure itself.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "Timing-sensitive";
}
