using AuthServer.Tests.Infrastructure;

namespace AuthServer.SystemTests.Infrastructure;

/// <summary>
/// This assembly's definition of the <see cref="TimingSensitive"/> collection: xunit looks for a collection's definition
/// only in the assembly of the tests that name it, and without one it would run them in parallel like any other class.
/// </summary>
[CollectionDefinition(TimingSensitive.Name, DisableParallelization = true)]
public sealed class TimingSensitiveDefinition
{
}
