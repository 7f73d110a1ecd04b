using AuthServer.Strategies.Abstractions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AuthServer.Users;

internal static class UserSetup
{
    public const string AdminPolicy = "admin";

    public static WebApplicationBuilder AddUsers(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PasswordHashing>();
        builder.Services.AddScoped<UserService>();
        builder.Services.AddScoped<IUserDirectory>(sp => sp.GetRequiredService<UserService>());
        builder.Services.AddAuthorizationBuilder().AddPolicy(AdminPolicy, policy => policy.RequireRole(Roles.Admin));
        // Both are stateless: one instance each instead of two transient resolutions on every authorized request.
        builder.Services.Replace(ServiceDescriptor.Singleton<IPolicyEvaluator, AuthenticatedCallerPolicyEvaluator>());
        builder.Services.Replace(ServiceDescriptor.Singleton<IAuthorizationMiddlewareResultHandler, AuthorizationMiddlewareResultHandler>());
        return builder;
    }
}
