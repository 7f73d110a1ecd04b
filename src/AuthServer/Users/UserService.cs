using AuthServer.Persistence;
using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Users;

/// <summary>
/// Registration and password checks over the users table; also the strategies' <see cref="IUserDirectory"/>. Each query
/// goes through <see cref="DatabaseGuard"/> (a context of its own, the wait bounded, writes through its SQLite write gate),
/// never across the password hashing. What must be ordered with the user's credentials runs in their mailbox
/// (<see cref="CredentialChanges"/>).
/// </summary>
internal sealed class UserService(DatabaseGuard database, PasswordHashing passwords, TimeProvider time, ILogger<UserService> logger) : IUserDirectory
{
    /// <summary>Null when the name is taken (case-insensitively). A registered account holds no role, whatever its name.</summary>
    public Task<UserRecord?> RegisterAsync(string username, string password, CancellationToken cancellationToken) =>
        CreateAsync(username, password, string.Empty, cancellationToken);

    /// <summary>Null when the name is taken, also when a concurrent creation of the same name (another replica) won.</summary>
    public async Task<UserRecord?> CreateAsync(string username, string password, string roles, CancellationToken cancellationToken)
    {
        var normalized = UsernameRules.Normalize(username);
        if (await Users(db => db.Users.AnyAsync(u => u.NormalizedUsername == normalized, cancellationToken), cancellationToken))
        {
            return null;
        }

        var user = new UserRecord
        {
            Id = Guid.CreateVersion7().ToString(),
            Username = username,
            NormalizedUsername = normalized,
            PasswordHash = string.Empty,
            CreatedAt = time.GetUtcNow().ToUnixTimeMilliseconds(),
            Roles = roles,
        };
        user.PasswordHash = await passwords.HashAsync(user, password);
        try
        {
            await database.WriteAsync<AuthDbContext, int>(db =>
            {
                db.Users.Add(user);
                return db.SaveChangesAsync(cancellationToken);
            }, cancellationToken);
        }
        catch (DbUpdateException ex) when (DatabaseFailures.IsUniqueViolation(ex))
        {
            // Lost a race with a concurrent registration of the same name: the unique index decides.
            return null;
        }

        UserLog.Registered(logger, user.Id);
        return user;
    }

    /// <summary>The user when the password matches, with the hash it matched; null otherwise, after the same hashing work either way.</summary>
    public async Task<VerifiedPassword?> VerifyAsync(string username, string password, CancellationToken cancellationToken)
    {
        var user = await FindByUsernameAsync(username, cancellationToken);
        if (user is null)
        {
            await passwords.VerifyNobodyAsync(password);
            return null;
        }

        var result = await passwords.VerifyAsync(user, password);
        if (result == PasswordVerificationResult.Failed)
        {
            return null;
        }

        var verified = user.PasswordHash;
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            // The hashing parameters changed since this hash was made: upgrade it now that we know the password, unless the
            // password itself changed meanwhile (then the new one stays, and this sign-in will find its hash outdated).
            var rehashed = await passwords.HashAsync(user, password);
            if (await ReplaceHashAsync(user.Id, user.PasswordHash, rehashed, cancellationToken))
            {
                verified = rehashed;
                UserLog.Rehashed(logger, user.Id);
            }
        }

        return new VerifiedPassword(ToAuthUser(user), verified);
    }

    /// <summary>The account as it is now, if its password hash is still the one verified; null if it changed or the account is gone.</summary>
    public async Task<AuthUser?> FindIfPasswordUnchangedAsync(VerifiedPassword verified, CancellationToken cancellationToken) =>
        await FindRecordByIdAsync(verified.User.Id, cancellationToken) is { } user && user.PasswordHash == verified.PasswordHash ? ToAuthUser(user) : null;

    /// <summary>
    /// Checks the current password and hashes the new one, writing nothing (<see cref="TryChangePasswordAsync"/> writes);
    /// null when the current password is wrong.
    /// </summary>
    public async Task<PasswordChange?> PreparePasswordChangeAsync(string userId, string currentPassword, string newPassword, CancellationToken cancellationToken)
    {
        var user = await FindRecordByIdAsync(userId, cancellationToken);
        if (user is null)
        {
            await passwords.VerifyNobodyAsync(currentPassword);
            return null;
        }

        if (await passwords.VerifyAsync(user, currentPassword) == PasswordVerificationResult.Failed)
        {
            return null;
        }

        return new PasswordChange(ToAuthUser(user), user.PasswordHash, await passwords.HashAsync(user, newPassword));
    }

    /// <summary>
    /// Writes the new hash only over the one the current password was checked against: a change made since, by this instance
    /// or another, wins and this one is refused (false).
    /// </summary>
    public async Task<bool> TryChangePasswordAsync(PasswordChange change, CancellationToken cancellationToken)
    {
        if (!await ReplaceHashAsync(change.User.Id, change.CurrentHash, change.NewHash, cancellationToken))
        {
            return false;
        }

        UserLog.PasswordChanged(logger, change.User.Id);
        return true;
    }

    public async Task<UserRecord?> FindByUsernameAsync(string username, CancellationToken cancellationToken)
    {
        var normalized = UsernameRules.Normalize(username);
        return await Users(db => db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedUsername == normalized, cancellationToken), cancellationToken);
    }

    public async Task<AuthUser?> FindByIdAsync(string userId, CancellationToken cancellationToken) =>
        await FindRecordByIdAsync(userId, cancellationToken) is { } user ? ToAuthUser(user) : null;

    private Task<UserRecord?> FindRecordByIdAsync(string userId, CancellationToken cancellationToken) =>
        Users(db => db switch
        {
            PostgresAuthDbContext postgres => UserById<PostgresAuthDbContext>.Query(postgres, userId, cancellationToken),
            SqliteAuthDbContext sqlite => UserById<SqliteAuthDbContext>.Query(sqlite, userId, cancellationToken),
            _ => db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken),
        }, cancellationToken);

    // Compare-and-set on the hash: the write happens only if nothing replaced it since it was read.
    private Task<bool> ReplaceHashAsync(string userId, string current, string next, CancellationToken cancellationToken) =>
        database.WriteAsync<AuthDbContext, bool>(
            async db => await db.Users.Where(u => u.Id == userId && u.PasswordHash == current)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordHash, next), cancellationToken) == 1,
            cancellationToken);

    private Task<T> Users<T>(Func<AuthDbContext, Task<T>> query, CancellationToken cancellationToken) =>
        database.CallAsync(query, cancellationToken);

    // Every refresh re-reads its user: compiled once instead of translated from LINQ per call. A compiled query serves
    // one model only, and each provider's context has its own (tests run SQLite and PostgreSQL servers in one process).
    private static class UserById<TContext>
        where TContext : AuthDbContext
    {
        public static readonly Func<TContext, string, CancellationToken, Task<UserRecord?>> Query =
            EF.CompileAsyncQuery((TContext db, string id, CancellationToken _) => db.Set<UserRecord>().AsNoTracking().SingleOrDefault(u => u.Id == id));
    }

    // Roles are read from the row at every sign-in and refresh: a change reaches the next credential issued.
    private static AuthUser ToAuthUser(UserRecord user) => new(user.Id, user.Username, AccountRoles.Parse(user.Roles));
}
