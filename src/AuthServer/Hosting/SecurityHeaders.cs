namespace AuthServer.Hosting;

/// <summary>
/// Headers every response carries (<c>X-Content-Type-Options: nosniff</c>: a JSON body is never sniffed into HTML or
/// script), and the HTML pages' policy: no framing (clickjacking), and for the pages of wwwroot (the demo, and the
/// comparison's placeholder when this server was not started with --compare), whose code and styles are all files of this
/// server, nothing from anywhere else. By path, not by content type: a callback per response would cost the API requests.
/// </summary>
internal static class SecurityHeaders
{
    public const string NoSniff = "nosniff";

    private const string DemoPolicy = "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    // Scalar's reference page (Development only) runs inline code: only the framing rule applies there.
    private const string ScalarPolicy = "frame-ancestors 'none'";

    public static Task Apply(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = NoSniff;
        var path = context.Request.Path;
        if (path.StartsWithSegments("/demo", StringComparison.Ordinal) || path.StartsWithSegments("/compare", StringComparison.Ordinal))
        {
            headers.ContentSecurityPolicy = DemoPolicy;
            headers.XFrameOptions = "DENY";
        }
        else if (path.StartsWithSegments("/scalar", StringComparison.Ordinal))
        {
            headers.ContentSecurityPolicy = ScalarPolicy;
            headers.XFrameOptions = "DENY";
        }

        return next(context);
    }
}
