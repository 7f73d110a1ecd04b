namespace AuthServer.Tests.Infrastructure;

public sealed class CollectionDefinitionTests
{
    [Fact]
    public void EveryCollectionNamedHere_IsDefinedInThisAssembly() =>
        Assert.Empty(CollectionDefinitions.Undefined(typeof(CollectionDefinitionTests).Assembly));
}
