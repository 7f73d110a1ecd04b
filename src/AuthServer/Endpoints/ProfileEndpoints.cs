using System.Security.Claims;
using AuthServer.Strategies.Abstractions;

namespace AuthServer.Endpoints;

/// <summary><c>GET /profile</c>: the hot path every strategy is measured on.</summary>
internal static class ProfileEndpoints
{
    public static RouteHandlerBuilder MapProfileEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/profile", GetProfile).WithSummary("Who the credential belongs to, and until when it works.").WithTags("Profile").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    public static JsonOk<ProfileResponse> GetProfile(ClaimsPrincipal user, IAuthStrategy strategy) =>
        new(new ProfileResponse(user.GetUserId(), user.GetUsername(), strategy.Info.Name, user.GetRoles(), user.GetExpiry()), AuthServerJsonContext.Default.ProfileResponse);
}
