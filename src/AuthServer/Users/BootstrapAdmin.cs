using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Persistence;
using Microsoft.Extensions.Options;

namespace AuthServer.Users;

/// <summary>
/// Creates the <c>Auth:BootstrapAdmin</c> account with the admin role at start, after the database is migrated. Safe when
/// several replicas start together: the unique index lets one create it; the others find the name taken.
/// </summary>
internal sealed class BootstrapAdmin(IServiceScopeFactory scopes, IOptions<BootstrapAdminOptions> options, IOptions<PostgresOptions> postgres, ILogger<BootstrapAdmin> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var admin = options.Value;
        if (!admin.IsRequested)
        {
            return;
        }

        var created = await CreateUnlessPresentAsync(admin, cancellationToken);
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

    // Replicas starting together on a busy host can find PostgreSQL slow to answer its first calls, and the hang guard
    // then answers "unavailable" at once for a while: keep trying for as long as start-up waits for the database.
    private async Task<UserRecord?> CreateUnlessPresentAsync(BootstrapAdminOptions admin, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + postgres.Value.StartupTimeout;
        while (true)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var users = scope.ServiceProvider.GetRequiredService<UserService>();
                // Checked first so that a restart does not spend a password hash on an account that exists.
                return await users.FindByUsernameAsync(admin.Username, cancellationToken) is null
                    ? await users.CreateAsync(admin.Username, admin.Password, AccountRoles.Admin, cancellationToken)
                    : null;
            }
            catch (Exception ex) when (ex is StoreUnavailableException || DatabaseFailures.IsUnavailable(ex))
            {
                if (DateTime.UtcNow >= deadline)
                {
                    throw new DatabaseStartupException($"the database failed while creating {BootstrapAdminOptions.Section}: {ex.Message}", ex);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }
    }
}
