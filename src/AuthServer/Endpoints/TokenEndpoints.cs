using AuthServer.OpenApi;
using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace AuthServer.Endpoints;

/// <summary><c>/auth/refresh</c>, <c>/auth/revoke</c> (RFC 7009) and <c>/auth/strategy</c>.</summary>
internal static class TokenEndpoints
{
    public static RouteGroupBuilder MapTokenEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/auth").WithTags("Tokens").AllowAnonymous();
        // Token-endpoint errors are RFC 6749 §5.2 JSON, not problem+json.
        group.MapPost("/refresh", RefreshAsync).WithSummary("Exchange a refresh token for a new pair (RFC 6749 §6); a reused one revokes its family.")
            .Produces<OAuthError>(StatusCodes.Status400BadRequest)
            .Produces<OAuthError>(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/revoke", RevokeAsync).WithSummary("Revoke a token (RFC 7009).").DisableAntiforgery()
            .DescribeFormBody<RevokeForm>()
            .Produces<OAuthError>(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/strategy", GetStrategy).WithSummary("The running strategy and what it promises.");
        return group;
    }

    public static async Task<Results<Ok<TokenResponse>, JsonHttpResult<OAuthError>>> RefreshAsync(
        [FromBody] RefreshRequest? body,
        HttpContext context,
        IAuthStrategy strategy,
        [FromServices] IRefreshTokenGrant? grant,
        ILogger<RefreshRequest> logger,
        CancellationToken cancellationToken)
    {
        TokenResponses.NeverCache(context);
        if (grant is null)
        {
            return OAuth(StatusCodes.Status400BadRequest, "unsupported_grant_type", $"the {strategy.Info.Name} strategy issues no refresh tokens");
        }

        if (string.IsNullOrEmpty(body?.RefreshToken))
        {
            return OAuth(StatusCodes.Status400BadRequest, "invalid_request", "refresh_token is required");
        }

        if (await grant.RefreshAsync(body.RefreshToken, cancellationToken) is { } credentials)
        {
            return TypedResults.Ok(TokenResponses.From(credentials, strategy.Info));
        }

        var client = context.ClientAddress();
        SessionLog.RefreshRefused(logger, client, "invalid_grant");
        return OAuth(StatusCodes.Status401Unauthorized, "invalid_grant", "the refresh token is invalid, expired, revoked or was already used");
    }

    public static async Task<Results<Ok<RevokeResponse>, JsonHttpResult<OAuthError>>> RevokeAsync(
        HttpRequest request, IAuthStrategy strategy, AuthMetrics metrics, ILogger<RevokeResponse> logger, CancellationToken cancellationToken)
    {
        if (!IsUrlEncodedForm(request))
        {
            return OAuth(StatusCodes.Status400BadRequest, "invalid_request", "the body must be application/x-www-form-urlencoded (RFC 7009 §2.1)");
        }

        var form = await request.ReadFormAsync(cancellationToken);
        var token = form["token"].ToString();
        if (string.IsNullOrEmpty(token))
        {
            return OAuth(StatusCodes.Status400BadRequest, "invalid_request", "token is required");
        }

        // token_type_hint is read by no one: every kind is searched (RFC 7009 §2.1 lets the server ignore it).
        var outcome = await strategy.RevokeTokenAsync(token, cancellationToken);
        metrics.SignedOut(SignOutKind.TokenRevocation, outcome == TokenRevocationOutcome.Revoked);
        var (client, result) = (request.HttpContext.ClientAddress(), outcome.ToString());
        SessionLog.TokenRevocation(logger, client, result);
        return outcome == TokenRevocationOutcome.UnsupportedTokenType
            ? OAuth(StatusCodes.Status400BadRequest, "unsupported_token_type", $"the {strategy.Info.Name} strategy cannot revoke this token")
            : TypedResults.Ok(new RevokeResponse(outcome == TokenRevocationOutcome.Revoked));
    }

    public static Ok<StrategyResponse> GetStrategy(IAuthStrategy strategy, [FromServices] IRefreshTokenGrant? grant)
    {
        var info = strategy.Info;
        return TypedResults.Ok(new StrategyResponse(info.Name, info.Revocable, grant is not null, info.NeedsRedis, (long)info.AccessTokenLifetime.TotalSeconds));
    }

    internal static bool IsUrlEncodedForm(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    internal static JsonHttpResult<OAuthError> OAuth(int status, string error, string description) =>
        TypedResults.Json(new OAuthError(error, description), AuthServerJsonContext.Default.OAuthError, statusCode: status);
}
