using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Net.Http.Headers;

namespace AuthServer.Introspection;

/// <summary>
/// Decides RFC 7662's <c>active</c> from what the server already decides elsewhere, so the answers cannot drift apart:
/// an access credential is active exactly when the running strategy's bearer scheme (the one <c>/profile</c> runs)
/// accepts it; a refresh token when the strategy's <see cref="IRefreshTokenInspector"/> says it would still be exchanged.
/// A store the decision needs that is down surfaces as <see cref="StoreUnavailableException"/> (503), never as inactive.
/// </summary>
internal sealed class CredentialIntrospector(IServiceScopeFactory scopes, IServiceProvider services)
{
    public const string AccessToken = "access_token";
    public const string RefreshToken = "refresh_token";

    private readonly IRefreshTokenInspector? refreshTokens = services.GetService<IRefreshTokenInspector>();

    public async Task<IntrospectionResult> IntrospectAsync(string token, string? hint, CancellationToken cancellationToken)
    {
        // The hint only orders the search; a miss goes on to the other kind (RFC 7662 §2.1).
        if (hint == RefreshToken && await RefreshAsync(token, cancellationToken) is { } refresh)
        {
            return refresh;
        }

        if (await AccessAsync(token) is { } access)
        {
            return access;
        }

        return hint != RefreshToken && await RefreshAsync(token, cancellationToken) is { } other ? other : IntrospectionResult.Inactive;
    }

    // The bearer scheme on a request of its own (own scope, so no handler of the introspection request is reused).
    private async Task<IntrospectionResult?> AccessAsync(string token)
    {
        await using var scope = scopes.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers[HeaderNames.Authorization] = "Bearer " + token;
        var result = await context.AuthenticateAsync(AuthSchemes.Bearer);
        if (result.Failure is StoreUnavailableException unavailable)
        {
            throw unavailable;
        }

        return result is { Succeeded: true, Principal: { } principal } ? IntrospectionResult.FromPrincipal(principal) : null;
    }

    private async Task<IntrospectionResult?> RefreshAsync(string token, CancellationToken cancellationToken)
    {
        if (refreshTokens is null || await refreshTokens.InspectAsync(token, cancellationToken) is not { } active)
        {
            return null;
        }

        // The refresh re-reads the user; so does this: a deleted user's refresh token is not active.
        await using var scope = scopes.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<IUserDirectory>().FindByIdAsync(active.UserId, cancellationToken);
        return user is null ? null : IntrospectionResult.FromRefreshToken(user, active);
    }
}
