using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Users;

/// <summary>
/// Grants and removes roles on accounts: the only way a role is ever held. Each statement goes through
/// <see cref="DatabaseGuard"/>, so a hung database is a 503 within a second.
/// </summary>
internal sealed class RoleAssignments(DatabaseGuard database, ILogger<RoleAssignments> logger)
{
    // A concurrent change of the same account's roles makes the conditional write miss: read again and retry.
    private const int Attempts = 5;

    /// <summary>The account with its roles after the change; null when no account has that name. Idempotent.</summary>
    public async Task<AuthUser?> SetAsync(string username, string role, bool held, string adminId, CancellationToken cancellationToken)
    {
        var normalized = UsernameRules.Normalize(username);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var user = await database.CallAsync<AuthDbContext, UserRecord?>(
                db => db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedUsername == normalized, cancellationToken), cancellationToken);
            if (user is null)
            {
                return null;
            }

            var roles = AccountRoles.Parse(user.Roles).Where(r => r != role).ToList();
            if (held)
            {
                roles.Add(role);
            }

            var updated = AccountRoles.Format(roles);
            if (updated == user.Roles)
            {
                return new AuthUser(user.Id, user.Username, AccountRoles.Parse(updated));
            }

            var previous = user.Roles;
            var written = await database.WriteAsync<AuthDbContext, int>(
                db => db.Users.Where(u => u.Id == user.Id && u.Roles == previous).ExecuteUpdateAsync(set => set.SetProperty(u => u.Roles, updated), cancellationToken),
                cancellationToken);
            if (written == 1)
            {
                UserLog.RoleChanged(logger, adminId, user.Id, role, held);
                return new AuthUser(user.Id, user.Username, AccountRoles.Parse(updated));
            }
        }

        throw new DbUpdateConcurrencyException($"The roles of one account changed {Attempts} times while being written.");
    }
}
