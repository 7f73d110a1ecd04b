using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace AuthServer.Users;

/// <summary>
/// Decides the default policy (any authenticated caller, as <c>/profile</c> asks) without running the authorization
/// service, when no authorization handler but the framework's own is registered: the full evaluation (transient
/// services, a handler context and a handler walk per request) cost about as much as authenticating a cached token.
/// The answer is the one <see cref="PolicyEvaluator"/> would give; role policies and refusals go the standard way.
/// </summary>
internal sealed class AuthenticatedCallerPolicyEvaluator : IPolicyEvaluator
{
    private static readonly Task<PolicyAuthorizationResult> Succeeded = Task.FromResult(PolicyAuthorizationResult.Success());

    // 0: not looked at yet, 1: only the framework's handler and evaluator, -1: something else decides too.
    private int frameworkOnly;

    public Task<AuthenticateResult> AuthenticateAsync(AuthorizationPolicy policy, HttpContext context)
    {
        // The authentication middleware's own result: what PolicyEvaluator would rebuild from context.User.
        if (policy.AuthenticationSchemes.Count == 0
            && context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult is { Succeeded: true } result
            && ReferenceEquals(result.Principal, context.User))
        {
            return Task.FromResult(result);
        }

        return Standard(context).AuthenticateAsync(policy, context);
    }

    public Task<PolicyAuthorizationResult> AuthorizeAsync(AuthorizationPolicy policy, AuthenticateResult authenticationResult, HttpContext context, object? resource)
    {
        if (policy.Requirements is [DenyAnonymousAuthorizationRequirement] && context.User.Identity?.IsAuthenticated == true && FrameworkOnly(context))
        {
            return Succeeded;
        }

        return Standard(context).AuthorizeAsync(policy, authenticationResult, context, resource);
    }

    private static PolicyEvaluator Standard(HttpContext context) => new(context.RequestServices.GetRequiredService<IAuthorizationService>());

    private bool FrameworkOnly(HttpContext context)
    {
        if (frameworkOnly == 0)
        {
            var services = context.RequestServices;
            var only = services.GetServices<IAuthorizationHandler>().All(h => h is PassThroughAuthorizationHandler)
                && services.GetRequiredService<IAuthorizationEvaluator>() is DefaultAuthorizationEvaluator;
            frameworkOnly = only ? 1 : -1;
        }

        return frameworkOnly == 1;
    }
}
