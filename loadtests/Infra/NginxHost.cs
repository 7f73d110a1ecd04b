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
    /// (wrapping, so one port gives a one-instance pool) and <c>listen 80</c> a loopback listener.
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

        string listened = ListenLine().Replace(result, $"listen 127.0.0.1:{listenPort};");
        return listened == result ? throw new InvalidOperationException("deploy/nginx.conf has no 'listen 80;' line") : listened;
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
}
