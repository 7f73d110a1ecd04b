namespace AuthServer.Tests.Infrastructure;

public sealed class CollectionDefinitionTests
{
    [Fact]
    public void EveryCollectionNamedHere_IsDefinedInThisAssembly()
    {
        var undefined = CollectionDefinitions.Undefined(typeof(CollectionDefinitionTests).Assembly);

        Assert.True(undefined.Count == 0, "named but not defined in this assembly, so run in parallel:\n" + string.Join('\n', undefined));
    }
}
