using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AuthServer.Users;

internal static class UserSetup
{
    public const string AdminPolicy = "admin";

    public static WebApplicationBuilder AddUsers(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PasswordHashing>();
        builder.Services.AddScoped<UserService>();
        builder.Services.AddScoped<IUserDirectory>(sp => sp.GetRequiredService<UserService>());
        builder.Services.AddScoped<RoleAssignments>();
        builder.Services.AddScoped<CredentialChanges>();
        builder.Services.AddAuthorizationBuilder().AddPolicy(AdminPolicy, policy => policy.RequireRole(AccountRoles.Admin));

        // The first admin, after the database's own start-up (hosted services start in registration order).
        builder.Services.AddOptions<BootstrapAdminOptions>().BindConfiguration(BootstrapAdminOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<BootstrapAdminOptions>, BootstrapAdminOptionsValidator>();
        builder.Services.AddHostedService<BootstrapAdmin>();
        // Both are stateless: one instance each instead of two transient resolutions on every authorized request.
        builder.Services.Replace(ServiceDescriptor.Singleton<IPolicyEvaluator, AuthenticatedCallerPolicyEvaluator>());
        builder.Services.Replace(ServiceDescriptor.Singleton<IAuthorizationMiddlewareResultHandler, AuthorizationMiddlewareResultHandler>());
        return builder;
    }
}
