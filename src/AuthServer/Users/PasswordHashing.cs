using AuthServer.Strategies.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AuthServer.Users;

/// <summary>
/// ASP.NET Core Identity's PBKDF2 hasher at OWASP's 210,000 HMAC-SHA512 iterations. Unknown users are
/// checked against a dummy hash, so they cost the same time as a wrong password.
/// </summary>
internal sealed class PasswordHashing
{
    /// <summary>OWASP Password Storage Cheat Sheet, PBKDF2-HMAC-SHA512.</summary>
    public const int Iterations = 210_000;

    private static readonly UserRecord Nobody = new() { Id = string.Empty, Username = string.Empty, NormalizedUsername = string.Empty, PasswordHash = string.Empty };

    private readonly PasswordHasher<UserRecord> hasher = new(Options.Create(new PasswordHasherOptions
    {
        CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
        IterationCount = Iterations,
    }));

    private readonly Lazy<string> dummyHash;

    public PasswordHashing() => dummyHash = new(() => hasher.HashPassword(Nobody, Guid.NewGuid().ToString()));

    public string Hash(UserRecord user, string password) => hasher.HashPassword(user, password);

    public PasswordVerificationResult Verify(UserRecord user, string password) => hasher.VerifyHashedPassword(user, user.PasswordHash, password);

    /// <summary>Spends the time of one verification for a user that does not exist.</summary>
    public void VerifyNobody(string password) => hasher.VerifyHashedPassword(Nobody, dummyHash.Value, password);
}
