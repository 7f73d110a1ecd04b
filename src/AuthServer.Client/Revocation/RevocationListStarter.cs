using AuthServer.Client.Discovery;
using AuthServer.Revocation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuthServer.Client.Revocation;

/// <summary>
/// Starts the revocation list's sync after discovery (it is registered after it, and hosted services start in order),
/// and only when the server runs <c>jwt-blacklist</c> and this service was given its Redis: the first full load happens
/// before the service takes requests, so a healthy start never answers 503.
/// </summary>
internal sealed class RevocationListStarter(AuthServerConnection connection, IServiceProvider services) : IHostedService
{
    private RevocationSync? sync;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (connection.Mode == ValidationMode.JwtWithRevocationList)
        {
            sync = services.GetRequiredService<RevocationSync>();
            await sync.StartAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => sync?.StopAsync(cancellationToken) ?? Task.CompletedTask;
}
