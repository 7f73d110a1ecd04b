using System.Net;
using System.Text.RegularExpressions;
using AuthServer.Strategies.Options;
using AuthServer.SystemTests.Infrastructure;
using AuthServer.Tests.Infrastructure;
using LoadTests.Infra;

namespace AuthServer.SystemTests.Deploy;

/// <summary>
/// deploy/nginx.conf as shipped: TLS with HSTS in front of a real server process, plain HTTP only a redirect, and a
/// certificate made by the command deploy/README.md documents. The load tests' rewrite of the same file still proxies.
/// </summary>
public sealed partial class NginxTlsTests
{
    private static string ShippedConfig => File.ReadAllText(Path.Combine(RepositoryRoot(), "deploy", "nginx.conf"));

    [SkippableFact]
    public async Task ShippedConfig_TerminatesTls_WithHsts_AndRedirectsPlainHttp()
    {
        Installed.Require(SystemPrograms.Nginx, SystemPrograms.OpenSsl);
        var directory = Directory.CreateTempSubdirectory("authserver-nginx-").FullName;
        await MakeCertificateAsync(directory);
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:Strategy"] = StrategyNames.StatelessJwt,
            ["Jwt:SigningKey"] = AuthServerFactory.TestSigningKey,
            ["ConnectionStrings:Sqlite"] = $"Data Source={Path.Combine(directory, "auth.db")}",
        });
        var (plainPort, tlsPort) = (Ports.Free(), Ports.Free());
        var conf = ShippedConfig
            .Replace("/etc/nginx/tls/", directory + "/", StringComparison.Ordinal)
            .Replace("listen 80;", $"listen 127.0.0.1:{plainPort};", StringComparison.Ordinal)
            .Replace("listen 443 ssl;", $"listen 127.0.0.1:{tlsPort} ssl;", StringComparison.Ordinal);
        conf = Upstream().Replace(conf, $"server 127.0.0.1:{server.BaseAddress.Port}");
        using var nginx = await StartNginxAsync(directory, conf, tlsPort);

        using var https = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator });
        var secure = await https.GetAsync(new Uri($"https://127.0.0.1:{tlsPort}/auth/strategy"));
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.StartsWith("max-age=63072000", secure.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);

        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var plain = await http.PostAsync(new Uri($"http://127.0.0.1:{plainPort}/auth/login"), new StringContent("{}"));
        Assert.Equal(HttpStatusCode.PermanentRedirect, plain.StatusCode);
        Assert.Equal($"https://127.0.0.1/auth/login", plain.Headers.Location?.ToString());
    }

    [Fact]
    public void LoadTestRewrite_KeepsTheProxySettings_OnAPlainLoopbackListener()
    {
        var conf = NginxHost.Template(ShippedConfig, [5001, 5002], 6000);

        Assert.Contains("listen 127.0.0.1:6000;", conf, StringComparison.Ordinal);
        Assert.DoesNotContain("ssl", conf, StringComparison.Ordinal);
        Assert.DoesNotContain("return 308", conf, StringComparison.Ordinal);
        Assert.DoesNotContain("Strict-Transport-Security", conf, StringComparison.Ordinal);
        Assert.Contains("proxy_pass http://authserver;", conf, StringComparison.Ordinal);
        Assert.Equal(["5001", "5002", "5001"], [.. Regex.Matches(conf, @"server 127\.0\.0\.1:(\d+)").Select(m => m.Groups[1].Value)]);
    }

    // The command deploy/README.md gives for a local certificate, with the directory changed.
    private static async Task MakeCertificateAsync(string directory)
    {
        var openssl = await Cmd.RunAsync(SystemPrograms.OpenSsl.Path!,
        [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout", Path.Combine(directory, "server.key"), "-out", Path.Combine(directory, "server.crt"),
        ]);
        Assert.True(openssl.ExitCode == 0, openssl.Output);
    }

    private static async Task<ManagedProcess> StartNginxAsync(string directory, string conf, int tlsPort)
    {
        File.WriteAllText(Path.Combine(directory, "nginx.conf"), conf);
        Directory.CreateDirectory(Path.Combine(directory, "logs"));
        // Killed with its workers (they outlive a killed master) when disposed.
        var nginx = ManagedProcess.Start(
            "nginx-tls", null, SystemPrograms.Nginx.Path!,
            ["-c", Path.Combine(directory, "nginx.conf"), "-p", directory, "-e", Path.Combine(directory, "logs", "error.log"), "-g", $"daemon off; pid {Path.Combine(directory, "nginx.pid")};"],
            Path.Combine(directory, "logs", "nginx.log"));
        if (!await Ports.WaitListeningAsync(tlsPort, TimeSpan.FromSeconds(10), () => nginx.HasExited))
        {
            nginx.Dispose();
            var log = Path.Combine(directory, "logs", "error.log");
            Assert.Fail($"nginx did not listen on {tlsPort}: {(File.Exists(log) ? File.ReadAllText(log) : nginx.Tail())}");
        }

        return nginx;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AuthServer.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("AuthServer.sln not found above the test output");
    }

    [GeneratedRegex(@"server\s+authserver\d+:8080")]
    private static partial Regex Upstream();
}
