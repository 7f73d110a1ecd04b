using AuthServer.Tests.Infrastructure;

namespace AuthServer.SystemTests.Infrastructure;

public sealed class CollectionDefinitionTests
{
    [Fact]
    public void EveryCollectionNamedHere_IsDefinedInThisAssembly() =>
        Assert.Empty(CollectionDefinitions.Undefined(typeof(CollectionDefinitionTests).Assembly));
}
