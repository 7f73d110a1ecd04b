using AuthServer.Strategies.Persistence;
using Microsoft.Extensions.Options;

namespace AuthServer.Users;

/// <summary>
/// Creates the <c>Auth:BootstrapAdmin</c> account with the admin role at start, after the database is migrated. Safe when
/// several replicas start together: the unique index lets one create it; the others find the name taken.
/// </summary>
internal sealed class BootstrapAdmin(IServiceScopeFactory scopes, IOptions<BootstrapAdminOptions> options, ILogger<BootstrapAdmin> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var admin = options.Value;
        if (!admin.IsRequested)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserService>();
        UserRecord? created;
        try
        {
            // Checked first so that a restart does not spend a password hash on an account that exists.
            created = await users.FindByUsernameAsync(admin.Username, cancellationToken) is null
                ? await users.CreateAsync(admin.Username, admin.Password, AccountRoles.Admin, cancellationToken)
                : null;
        }
        catch (Exception ex) when (DatabaseFailures.IsUnavailable(ex))
        {
            throw new DatabaseStartupException($"the database failed while creating {BootstrapAdminOptions.Section}: {ex.Message}", ex);
        }

        if (created is null)
        {
            UserLog.BootstrapAdminExists(logger);
        }
        else
        {
            UserLog.BootstrapAdminCreated(logger, created.Id);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
