using AuthServer.Client;
using Microsoft.AspNetCore.DataProtection;
using OrdersApi.Orders;

// A resource service that trusts an AuthServer, whatever strategy it runs: the library alone decides how
// (settings under "AuthServer", e.g. AuthServer__Authority=http://authserver:8080; see README.md).
var builder = WebApplication.CreateSlimBuilder(args);

// Who the caller is: AuthServer.Client reads the strategy from the auth server at start.
builder.Services.AddAuthentication().AddAuthServer(options => builder.Configuration.GetSection("AuthServer").Bind(options));

// What the caller may do: any signed-in user, and the admin role for the admin endpoints.
builder.Services.AddAuthorizationBuilder().AddPolicy(OrdersEndpoints.AdminPolicy, policy => policy.RequireRole("admin"));

// The orders themselves (in memory: this is a sample), problem+json errors.
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<OrderBook>();
builder.Services.AddProblemDetails();
builder.Services.ConfigureHttpJsonOptions(options =>
{
    options.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
    options.SerializerOptions.TypeInfoResolverChain.Insert(0, OrdersJsonContext.Default);
});

// No cookies here: nothing to protect with keys on disk.
builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapOrdersEndpoints();
app.MapGet("/health/live", () => TypedResults.Text("Healthy")).AllowAnonymous();

app.Run();
