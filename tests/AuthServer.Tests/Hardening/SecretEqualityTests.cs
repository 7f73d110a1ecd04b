using AuthServer.Strategies.Authentication;

namespace AuthServer.Tests.Hardening;

public sealed class SecretEqualityTests
{
    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "abd", false)]
    [InlineData("abc", "abcd", false)]
    [InlineData("", "", true)]
    [InlineData(null, null, true)]
    [InlineData("abc", null, false)]
    [InlineData(null, "abc", false)]
    public void FixedTimeEquals_ComparesWholeValues(string? left, string? right, bool equal) =>
        Assert.Equal(equal, SecretEquality.FixedTimeEquals(left, right));
}
