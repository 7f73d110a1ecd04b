namespace AuthServer.Hosting;

/// <summary>
/// Runs socket completions on the I/O thread instead of hopping to the thread pool: on a small machine the
/// hop costs more than the request (see the load-test report). Work that blocks for long (password
/// hashing) is moved to the thread pool explicitly. <c>Host:InlineSocketCompletions=false</c> turns it off.
/// </summary>
internal static class SocketTuning
{
    private const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static WebApplicationBuilder AddSocketTuning(this WebApplicationBuilder builder)
    {
        if (!builder.Configuration.GetValue("Host:InlineSocketCompletions", true))
        {
            return builder;
        }

        // Two layers. Kestrel's option is what measurably took effect here; the runtime's socket engine reads the
        // variable once, and setting it from inside the process was not seen to change anything (set it in the
        // environment, as the load tests and Dockerfile may, for the full effect).
        if (Environment.GetEnvironmentVariable(Variable) is null)
        {
            Environment.SetEnvironmentVariable(Variable, "1");
        }

        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        return builder;
    }
}
