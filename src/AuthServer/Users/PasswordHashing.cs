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

    private readonly PasswordHasher<UserRecord> hasher;

    private readonly Lazy<string> dummyHash;

    public PasswordHashing()
        : this(Iterations)
    {
    }

    /// <summary>
    /// At another work factor: for the tests' in-process servers only (the fast suite would spend three quarters of its
    /// time in PBKDF2); the container resolves the public constructor, so a deployment always gets <see cref="Iterations"/>.
    /// </summary>
    internal PasswordHashing(int iterations)
    {
        hasher = new(Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
            IterationCount = iterations,
        }));
        dummyHash = new(() => hasher.HashPassword(Nobody, Guid.NewGuid().ToString()));
    }

    // ~0.1 s of CPU each: run on the thread pool, never on a socket I/O thread (see SocketTuning).
    public Task<string> HashAsync(UserRecord user, string password) => Task.Run(() => hasher.HashPassword(user, password));

    public Task<PasswordVerificationResult> VerifyAsync(UserRecord user, string password) =>
        Task.Run(() => hasher.VerifyHashedPassword(user, user.PasswordHash, password));

    /// <summary>Spends the time of one verification for a user that does not exist.</summary>
    public Task VerifyNobodyAsync(string password) => Task.Run(() => hasher.VerifyHashedPassword(Nobody, dummyHash.Value, password));
}
