using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuthServer.Strategies.Abstractions;

/// <summary>
/// Registers one strategy: its <see cref="IAuthStrategy"/>, its stores and its authentication scheme
/// (named <see cref="Authentication.AuthSchemes.Bearer"/>). One module per strategy, listed in
/// <see cref="StrategyCatalog"/>.
/// </summary>
public abstract class AuthStrategyModule
{
    /// <summary>The <c>Auth:Strategy</c> value that selects this module.</summary>
    public abstract string Name { get; }

    /// <summary>Adds the strategy's services and its authentication scheme.</summary>
    public abstract void Register(StrategyRegistrationContext context);
}

/// <summary>What a module needs to register itself.</summary>
public sealed record StrategyRegistrationContext(
    IServiceCollection Services,
    AuthenticationBuilder Authentication,
    IHealthChecksBuilder HealthChecks,
    IConfiguration Configuration,
    IHostEnvironment Environment);
