using System.Security.Claims;
using AuthServer.Client;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OrdersApi.Orders;

/// <summary>The caller's orders, and every order for an admin. Who the caller is comes from the bearer credential alone.</summary>
internal static class OrdersEndpoints
{
    public const string AdminPolicy = "admin";

    public static IEndpointRouteBuilder MapOrdersEndpoints(this IEndpointRouteBuilder app)
    {
        var mine = app.MapGroup("/").RequireAuthorization();
        mine.MapGet("/me", GetMe);
        mine.MapGet("/orders", ListMine);
        mine.MapGet("/orders/{id:guid}", GetMine);
        mine.MapPost("/orders", Place);
        app.MapGet("/admin/orders", ListAll).RequireAuthorization(AdminPolicy);
        return app;
    }

    public static Ok<Caller> GetMe(ClaimsPrincipal user) =>
        TypedResults.Ok(new Caller(Owner(user), user.Identity?.Name ?? string.Empty, [.. user.FindAll(AuthServerDefaults.RoleClaim).Select(c => c.Value)]));

    public static Ok<Order[]> ListMine(ClaimsPrincipal user, OrderBook book) => TypedResults.Ok(book.For(Owner(user)));

    public static Results<Ok<Order>, NotFound> GetMine(Guid id, ClaimsPrincipal user, OrderBook book) =>
        book.For(Owner(user)).FirstOrDefault(o => o.Id == id) is { } order ? TypedResults.Ok(order) : TypedResults.NotFound();

    public static Results<Created<Order>, ProblemHttpResult> Place(PlaceOrder body, ClaimsPrincipal user, OrderBook book)
    {
        if (body.Item is not { Length: >= 1 and <= 100 } item || body.Quantity is < 1 or > 1000)
        {
            return TypedResults.Problem("item must be 1 to 100 characters and quantity 1 to 1000.", statusCode: StatusCodes.Status400BadRequest);
        }

        return book.Place(Owner(user), item, body.Quantity) is { } order
            ? TypedResults.Created($"/orders/{order.Id}", order)
            : TypedResults.Problem($"at most {OrderBook.PerUser} orders per user.", statusCode: StatusCodes.Status409Conflict);
    }

    public static Ok<Order[]> ListAll(OrderBook book) => TypedResults.Ok(book.All());

    private static string Owner(ClaimsPrincipal user) => user.FindFirstValue(AuthServerDefaults.SubjectClaim)!;
}
