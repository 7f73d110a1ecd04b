using AuthServer.Strategies.Abstractions;
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
        group.MapPost("/refresh", RefreshAsync);
        group.MapPost("/revoke", RevokeAsync).DisableAntiforgery();
        group.MapGet("/strategy", GetStrategy);
        return group;
    }

    public static async Task<Results<Ok<TokenResponse>, JsonHttpResult<OAuthError>>> RefreshAsync(
        [FromBody] RefreshRequest? body, HttpContext context, IAuthStrategy strategy, ILogger<RefreshRequest> logger, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (!strategy.Info.RefreshTokens)
        {
            return OAuth(StatusCodes.Status400BadRequest, "unsupported_grant_type", $"the {strategy.Info.Name} strategy issues no refresh tokens");
        }

        if (string.IsNullOrEmpty(body?.RefreshToken))
        {
            return OAuth(StatusCodes.Status400BadRequest, "invalid_request", "refresh_token is required");
        }

        var outcome = await strategy.RefreshAsync(body.RefreshToken, cancellationToken);
        if (outcome.Status != RefreshStatus.Success)
        {
            var (client, status) = (context.ClientAddress(), outcome.Status.ToString());
            SessionLog.RefreshRefused(logger, client, status);
        }

        return outcome.Status switch
        {
            RefreshStatus.Success => TypedResults.Ok(TokenResponses.From(outcome.Credentials!, strategy.Info)),
            RefreshStatus.NotSupported => OAuth(StatusCodes.Status400BadRequest, "unsupported_grant_type", "this strategy issues no refresh tokens"),
            _ => OAuth(StatusCodes.Status401Unauthorized, "invalid_grant", "the refresh token is invalid, expired, revoked or was already used"),
        };
    }

    public static async Task<Results<Ok<RevokeResponse>, JsonHttpResult<OAuthError>>> RevokeAsync(
        HttpRequest request, IAuthStrategy strategy, ILogger<RevokeResponse> logger, CancellationToken cancellationToken)
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

        var hint = form["token_type_hint"].ToString();
        var outcome = await strategy.RevokeTokenAsync(token, string.IsNullOrEmpty(hint) ? null : hint, cancellationToken);
        var (client, result) = (request.HttpContext.ClientAddress(), outcome.ToString());
        SessionLog.TokenRevocation(logger, client, result);
        return outcome == TokenRevocationOutcome.UnsupportedTokenType
            ? OAuth(StatusCodes.Status400BadRequest, "unsupported_token_type", $"the {strategy.Info.Name} strategy cannot revoke this token")
            : TypedResults.Ok(new RevokeResponse(outcome == TokenRevocationOutcome.Revoked));
    }

    public static Ok<StrategyResponse> GetStrategy(IAuthStrategy strategy)
    {
        var info = strategy.Info;
        return TypedResults.Ok(new StrategyResponse(info.Name, info.Revocable, info.RefreshTokens, info.NeedsRedis, (long)info.AccessTokenLifetime.TotalSeconds));
    }

    private static bool IsUrlEncodedForm(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    private static JsonHttpResult<OAuthError> OAuth(int status, string error, string description) =>
        TypedResults.Json(new OAuthError(error, description), AuthServerJsonContext.Default.OAuthError, statusCode: status);
}
