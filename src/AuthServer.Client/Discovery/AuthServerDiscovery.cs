using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthServer.Client.Discovery;

/// <summary>
/// Before the service takes requests: reads <c>/auth/strategy</c> and the discovery document, picks the validation the
/// strategy needs and checks this service was given what it takes (the HS256 secret, introspection credentials).
/// Retries until <see cref="AuthServerOptions.StartupTimeout"/>, then stops the service: it cannot know how to check
/// anyone. Under ES256 it also loads the signing keys, so a later outage of the auth server finds them cached.
/// </summary>
internal sealed class AuthServerDiscovery(
    IHttpClientFactory http,
    AuthServerConnection connection,
    IOptions<AuthServerOptions> options,
    IOptionsMonitor<JwtBearerOptions> jwtBearer,
    TimeProvider time,
    ILogger<AuthServerDiscovery> logger) : IHostedService
{
    public const string HttpClientName = "AuthServer.Client";

    private const string JwtBlacklist = "jwt-blacklist";

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var deadline = time.GetUtcNow() + settings.StartupTimeout;
        while (true)
        {
            try
            {
                await DiscoverAsync(settings, cancellationToken);
                break;
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                if (time.GetUtcNow() >= deadline)
                {
                    throw new InvalidOperationException(
                        $"AuthServer.Client: the auth server at {settings.Authority} did not answer within {settings.StartupTimeout:c} ({ex.GetType().Name}: {ex.Message}); this service cannot check credentials without it and does not start.",
                        ex);
                }

                ClientLog.AuthServerUnreachableAtStart(logger, settings.Authority!, ex.GetType().Name);
                await Task.Delay(RetryDelay, time, cancellationToken);
            }
        }

        if (connection is { ValidatesLocally: true, PublishedKeys: true })
        {
            // Loaded now, kept by JwtBearer's configuration manager (refreshed twice a day, or on an unknown kid).
            var manager = jwtBearer.Get(AuthServerConnection.JwtScheme).ConfigurationManager!;
            await manager.GetConfigurationAsync(cancellationToken);
        }

        var mode = connection.Mode switch
        {
            ValidationMode.Introspection => "introspection",
            var local => (connection.PublishedKeys ? "JwtBearer (ES256)" : "JwtBearer (HS256)") + (local == ValidationMode.JwtWithRevocationList ? " and the revocation list (Redis)" : ""),
        };
        ClientLog.Connected(logger, settings.Authority!, connection.Strategy, mode);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task DiscoverAsync(AuthServerOptions settings, CancellationToken cancellationToken)
    {
        var client = http.CreateClient(HttpClientName);
        var strategy = await client.GetFromJsonAsync(Under(settings.Authority!, "auth/strategy"), ServerDocumentsContext.Default.StrategyDocument, cancellationToken)
            ?? throw new JsonException("/auth/strategy answered null");
        var metadata = await client.GetFromJsonAsync(Under(settings.Authority!, ".well-known/openid-configuration"), ServerDocumentsContext.Default.MetadataDocument, cancellationToken)
            ?? throw new JsonException("/.well-known/openid-configuration answered null");

        // A credential the server can take back before it expires needs the server's word on every request, or, for
        // jwt-blacklist, the server's own revocation list fed from its Redis.
        var mode = !strategy.Revocable ? ValidationMode.Jwt
            : strategy.Strategy == JwtBlacklist && !string.IsNullOrWhiteSpace(settings.Redis) ? ValidationMode.JwtWithRevocationList
            : ValidationMode.Introspection;
        var published = metadata.JwksUri is not null;
        if (Misconfiguration(settings, strategy.Strategy, mode, published, metadata) is { } problem)
        {
            throw new OptionsValidationException(nameof(AuthServerOptions), typeof(AuthServerOptions), [problem]);
        }

        connection.Resolve(strategy.Strategy, metadata.Issuer, mode, published, metadata.IntrospectionEndpoint, TimeSpan.FromSeconds(strategy.AccessTokenLifetimeSeconds));
    }

    // Under the authority's own path, whether or not it was given with a trailing slash.
    private static Uri Under(Uri authority, string path) => new(authority.AbsoluteUri.TrimEnd('/') + "/" + path);

    private static string? Misconfiguration(AuthServerOptions settings, string strategy, ValidationMode mode, bool published, MetadataDocument metadata) => mode switch
    {
        ValidationMode.Jwt or ValidationMode.JwtWithRevocationList when !published && settings.SigningKey is null =>
            $"The auth server runs {strategy} with HS256, whose key it never publishes: give this service the same secret as AuthServer:SigningKey (anyone holding it can mint tokens), or run the server with ES256.",
        ValidationMode.Jwt or ValidationMode.JwtWithRevocationList when published && settings.SigningKey is not null =>
            $"The auth server runs {strategy} with ES256 and publishes its keys: remove AuthServer:SigningKey, a shared secret is neither needed nor used.",
        ValidationMode.Jwt or ValidationMode.JwtWithRevocationList when metadata.SigningAlgorithms is { Count: > 0 } algorithms && !algorithms.Contains(published ? "ES256" : "HS256") =>
            $"The auth server signs with {string.Join(", ", algorithms)}, which this library does not support.",
        ValidationMode.Introspection when string.IsNullOrEmpty(settings.ClientId) =>
            $"The auth server runs {strategy}, whose credentials only it can judge (RFC 7662 introspection): give this service AuthServer:ClientId and AuthServer:ClientSecret, registered on the server as Introspection:Clients:N:Id and :Secret.",
        ValidationMode.Introspection when metadata.IntrospectionEndpoint is null =>
            "The auth server's discovery document names no introspection_endpoint.",
        _ => null,
    };
}
