using System.Text.Json.Serialization;

namespace OrdersApi.Orders;

/// <summary>An order as stored and returned.</summary>
public sealed record Order(Guid Id, string OwnerId, string Item, int Quantity, DateTimeOffset PlacedAt);

/// <summary><c>POST /orders</c> body.</summary>
public sealed record PlaceOrder(string? Item, int Quantity);

/// <summary><c>GET /me</c>: who the credential belongs to, as the auth server said.</summary>
public sealed record Caller(string Id, string Username, IReadOnlyList<string> Roles);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(Order))]
[JsonSerializable(typeof(Order[]))]
[JsonSerializable(typeof(PlaceOrder))]
[JsonSerializable(typeof(Caller))]
internal sealed partial class OrdersJsonContext : JsonSerializerContext;
