using System.Globalization;
using System.Text.RegularExpressions;

namespace LoadTests.Infra;

/// <summary>
/// nginx in front of local AuthServer instances, run from deploy/nginx.conf (the file docker-compose uses)
/// with the compose host names and the listen port substituted for loopback ports.
/// </summary>
public sealed partial class NginxHost : IDisposable
{
    private ManagedProcess? _process;

    private NginxHost(int port) => Port = port;

    public int Port { get; }
    public Uri BaseUrl => new($"http://127.0.0.1:{Port}");

    /// <summary>
    /// Rewrites the compose config for loopback: <c>server authserverN:8080</c> becomes the N-th upstream port
    /// (wrapping, so one port gives a one-instance pool); the port-80 server (a redirect to HTTPS) goes, and the TLS
    /// server keeps its proxy settings on a plain loopback listener (no certificate: the load measures the proxy hop,
    /// as before TLS was added).
    /// </summary>
    public static string Template(string conf, IReadOnlyList<int> upstreamPorts, int listenPort)
    {
        int replaced = 0;
        string result = UpstreamServer().Replace(conf, m =>
        {
            replaced++;
            int n = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            return $"server 127.0.0.1:{upstreamPorts[(n - 1) % upstreamPorts.Count]}";
        });
        if (replaced == 0)
        {
            throw new InvalidOperationException("deploy/nginx.conf has no 'server authserverN:8080' upstream lines");
        }

        Match tls = TlsListenLine().Match(result);
        if (!tls.Success)
        {
            throw new InvalidOperationException("deploy/nginx.conf has no 'listen 443 ssl;' server");
        }

        string plain = TlsDirective().Replace(TlsListenLine().Replace(result, $"listen 127.0.0.1:{listenPort};"), string.Empty);
        return WithoutServerBlock(plain, ListenLine());
    }

    /// <summary>Cuts the <c>server { … }</c> block holding <paramref name="inside"/>, braces matched.</summary>
    private static string WithoutServerBlock(string conf, Regex inside)
    {
        Match match = inside.Match(conf);
        int start = match.Success ? conf.LastIndexOf("server {", match.Index, StringComparison.Ordinal) : -1;
        if (start < 0)
        {
            throw new InvalidOperationException($"deploy/nginx.conf has no server block with '{inside}'");
        }

        int depth = 0;
        for (int i = conf.IndexOf('{', start); i < conf.Length; i++)
        {
            depth += conf[i] == '{' ? 1 : conf[i] == '}' ? -1 : 0;
            if (depth == 0)
            {
                return conf[..start] + conf[(i + 1)..];
            }
        }

        throw new InvalidOperationException("deploy/nginx.conf has unbalanced braces");
    }

    public static async Task<NginxHost> StartAsync(string confTemplatePath, IReadOnlyList<int> upstreamPorts, string workDir, string name, string cpus)
    {
        NginxHost host = new(Ports.Free());
        string prefix = Path.Combine(workDir, name);
        Directory.CreateDirectory(Path.Combine(prefix, "logs"));
        string conf = Path.Combine(prefix, "nginx.conf");
        await File.WriteAllTextAsync(conf, Template(await File.ReadAllTextAsync(confTemplatePath), upstreamPorts, host.Port));
        host._process = ManagedProcess.Start(
            name, cpus, "nginx",
            ["-c", conf, "-p", prefix, "-e", Path.Combine(prefix, "logs", "error.log"),
             "-g", $"daemon off; pid {Path.Combine(prefix, "nginx.pid")};"],
            Path.Combine(workDir, "logs", name + ".log"));
        if (!await Ports.WaitListeningAsync(host.Port, TimeSpan.FromSeconds(10), () => host._process.HasExited))
        {
            string err = File.Exists(Path.Combine(prefix, "logs", "error.log"))
                ? await File.ReadAllTextAsync(Path.Combine(prefix, "logs", "error.log")) : "";
            host.Dispose();
            throw new InvalidOperationException($"nginx did not start: {host._process?.Tail()} {err}");
        }

        return host;
    }

    public void Dispose()
    {
        _process?.Dispose();
        _process = null;
    }

    [GeneratedRegex(@"server\s+authserver(\d+):8080")]
    private static partial Regex UpstreamServer();

    [GeneratedRegex(@"listen\s+80\s*;")]
    private static partial Regex ListenLine();

    [GeneratedRegex(@"listen\s+443\s+ssl\s*;")]
    private static partial Regex TlsListenLine();

    // ssl_* directives and the HSTS header: meaningless on the plain loopback listener.
    [GeneratedRegex(@"^[ \t]*(ssl_\w+|add_header\s+Strict-Transport-Security)[^\n]*\n", RegexOptions.Multiline)]
    private static partial Regex TlsDirective();
}
