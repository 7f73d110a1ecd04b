using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AuthServer.Revocation;

/// <summary>The revocation list's services, registered alike by the server and by AuthServer.Client.</summary>
internal static class RevocationListSetup
{
    /// <summary>
    /// The list, its channel, reader and check. The caller registers <see cref="IRevocationConnection"/>, fills
    /// <see cref="RevocationListOptions"/>, and runs <see cref="RevocationSync"/> (as a hosted service, or after its own start-up).
    /// </summary>
    public static IServiceCollection AddRevocationList(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RevocationKeys>();
        services.TryAddSingleton<RevocationList>();
        services.TryAddSingleton<RevocationReader>();
        services.TryAddSingleton<IRevocationLoader>(provider => provider.GetRequiredService<RevocationReader>());
        services.TryAddSingleton<RevocationChannel>();
        services.TryAddSingleton<RevocationSync>();
        services.TryAddSingleton<RevocationCheck>();
        return services;
    }
}
