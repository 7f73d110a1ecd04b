using System.Security.Cryptography;
using System.Text;

namespace AuthServer.Strategies.Authentication;

/// <summary>Compares values derived from secrets in time that does not depend on where they first differ.</summary>
public static class SecretEquality
{
    public static bool FixedTimeEquals(string? left, string? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(left), Encoding.UTF8.GetBytes(right));
    }
}
