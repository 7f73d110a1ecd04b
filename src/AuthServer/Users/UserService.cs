using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Users;

/// <summary>
/// Registration and password checks over the users table; also the strategies' <see cref="IUserDirectory"/>. Each query
/// goes through <see cref="DatabaseGuard"/> (a context of its own, the wait bounded), never across the password hashing.
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
            await Users(db =>
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

    /// <summary>The user when the password matches; null otherwise, after the same hashing work either way.</summary>
    public async Task<AuthUser?> VerifyAsync(string username, string password, CancellationToken cancellationToken)
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

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            // The hashing parameters changed since this hash was made: upgrade it now that we know the password.
            var rehashed = await passwords.HashAsync(user, password);
            await Users(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordHash, rehashed), cancellationToken), cancellationToken);
            UserLog.Rehashed(logger, user.Id);
        }

        return ToAuthUser(user);
    }

    /// <summary>Sets a new password when <paramref name="currentPassword"/> is the user's; null (nothing changed) otherwise.</summary>
    public async Task<AuthUser?> ChangePasswordAsync(string userId, string currentPassword, string newPassword, CancellationToken cancellationToken)
    {
        var user = await Users(db => db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken), cancellationToken);
        if (user is null)
        {
            await passwords.VerifyNobodyAsync(currentPassword);
            return null;
        }

        if (await passwords.VerifyAsync(user, currentPassword) == PasswordVerificationResult.Failed)
        {
            return null;
        }

        var hash = await passwords.HashAsync(user, newPassword);
        await Users(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordHash, hash), cancellationToken), cancellationToken);
        UserLog.PasswordChanged(logger, user.Id);
        return ToAuthUser(user);
    }

    public async Task<UserRecord?> FindByUsernameAsync(string username, CancellationToken cancellationToken)
    {
        var normalized = UsernameRules.Normalize(username);
        return await Users(db => db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedUsername == normalized, cancellationToken), cancellationToken);
    }

    public async Task<AuthUser?> FindByIdAsync(string userId, CancellationToken cancellationToken)
    {
        var user = await Users(db => db switch
        {
            PostgresAuthDbContext postgres => UserById<PostgresAuthDbContext>.Query(postgres, userId, cancellationToken),
            SqliteAuthDbContext sqlite => UserById<SqliteAuthDbContext>.Query(sqlite, userId, cancellationToken),
            _ => db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken),
        }, cancellationToken);
        return user is null ? null : ToAuthUser(user);
    }

    private Task<T> Users<T>(Func<AuthDbContext, Task<T>> query, CancellationToken cancellationToken) =>
        database.CallAsync(query, cancellationToken);

    // Every refresh re-reads its user: compiled once instead of translated from LINQ per call. A compiled query serves
    // one model only, and each provider's context has its own (tests run SQLite and PostgreSQL servers in one process).
    private static class UserById<TContext>
        where TContext : AuthDbContext
    {
        public static readonly Func<TContext, string, CancellationToken, Task<UserRecord?>> Query =
            EF.CompileAsyncQuery((TContext db, string id, CancellationToken _) => db.Users.AsNoTracking().SingleOrDefault(u => u.Id == id));
    }

    // Roles are read from the row at every sign-in and refresh: a change reaches the next credential issued.
    private static AuthUser ToAuthUser(UserRecord user) => new(user.Id, user.Username, AccountRoles.Parse(user.Roles));
}
