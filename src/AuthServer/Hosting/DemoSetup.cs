namespace AuthServer.Hosting;

/// <summary>The teaching page at <c>/demo</c>: plain files from wwwroot/demo, served as endpoints.</summary>
internal static class DemoSetup
{
    public static WebApplication MapDemo(this WebApplication app)
    {
        // Static assets are endpoints (with ETags and compression), not middleware, so /profile pays nothing for them.
        app.MapStaticAssets().AllowAnonymous();
        app.MapGet("/demo", () => TypedResults.Redirect("/demo/index.html")).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
