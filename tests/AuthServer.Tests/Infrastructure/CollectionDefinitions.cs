using System.Reflection;

namespace AuthServer.Tests.Infrastructure;

/// <summary>
/// xunit looks for a collection's definition only in the assembly of the tests that name it; a class naming a collection
/// defined elsewhere (<see cref="TimingSensitive"/> from the system tests, say) silently runs in a parallel collection of
/// its own. Each test assembly checks itself with this.
/// </summary>
public static class CollectionDefinitions
{
    /// <summary>Every test class of <paramref name="assembly"/> whose <c>[Collection]</c> has no <c>[CollectionDefinition]</c> there, as "Class: name".</summary>
    public static List<string> Undefined(Assembly assembly)
    {
        var types = assembly.GetTypes();
        var defined = types.SelectMany(t => Names<CollectionDefinitionAttribute>(t)).ToHashSet(StringComparer.Ordinal);
        return [.. types.SelectMany(t => Names<CollectionAttribute>(t).Where(n => !defined.Contains(n)).Select(n => $"{t.FullName}: {n}"))];
    }

    // Read from the attribute's constructor argument: xunit 2 does not expose the name as a property.
    private static IEnumerable<string> Names<TAttribute>(Type type) =>
        type.GetCustomAttributesData().Where(a => a.AttributeType == typeof(TAttribute)).Select(a => (string)a.ConstructorArguments[0].Value!);
}
