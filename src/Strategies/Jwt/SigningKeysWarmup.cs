using Microsoft.Extensions.Hosting;

namespace AuthServer.Strategies.Jwt;

/// <summary>Loads the signing keys at start, so a bad key stops the server and the ephemeral-key warning is logged at once.</summary>
internal sealed class SigningKeysWarmup(SigningKeys keys) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = keys.Credentials;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
