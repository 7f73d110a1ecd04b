using System.Net;
using System.Net.Sockets;
using System.Text;
using AuthServer.Tests.Infrastructure;

namespace AuthServer.SystemTests.Hardening;

/// <summary>One real Kestrel process: the limits live in Kestrel, which the in-memory test server does not run.</summary>
public sealed class RealServerFixture : IAsyncLifetime
{
    public ServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await ServerProcess.StartAsync(new Dictionary<string, string?> { ["Jwt:SigningKey"] = AuthServerFactory.TestSigningKey });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>Oversized requests get 413, 431 or 414 (HostDefaults: body 64 KB, headers 32 KB, request line 8 KB), never a 5xx.</summary>
public sealed class RequestLimitTests(RealServerFixture fixture) : IClassFixture<RealServerFixture>
{
    private readonly HttpClient http = fixture.Server.CreateClient();

    [Fact]
    public async Task BodyOver64KB_Returns413Problem()
    {
        var body = new StringContent($"{{\"username\":\"{new string('a', 70 * 1024)}\",\"password\":\"x\"}}", Encoding.UTF8, "application/json");

        var response = await http.PostAsync("/auth/login", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ChunkedBodyOver64KB_Returns413()
    {
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(new string(' ', 80 * 1024) + "{}")));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/register") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task BodyJustUnderTheLimit_IsReadAndRefusedAs400()
    {
        var body = new StringContent($"{{\"username\":\"{new string('a', 60 * 1024)}\",\"password\":\"x\"}}", Encoding.UTF8, "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/auth/register", body)).StatusCode);
    }

    [Fact]
    public async Task HeadersOver32KB_Return431()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/profile");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + new string('a', 40 * 1024));

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task ManySmallHeadersOver32KB_Return431()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        for (var i = 0; i < 400; i++)
        {
            request.Headers.TryAddWithoutValidation($"X-Padding-{i}", new string('p', 100));
        }

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, (await http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task RequestLineOver8KB_Returns414()
    {
        var response = await http.GetAsync("/profile?q=" + new string('q', 9 * 1024));

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
    }

    [Fact]
    public async Task GarbageOnTheSocket_Gets400_AndTheServerStaysUp()
    {
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(fixture.Server.BaseAddress.Host, fixture.Server.BaseAddress.Port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("GARBAGE \0\u0001 HTTP/9.9\r\nHost: \r\n\r\n"));
            var buffer = new byte[512];
            var read = await stream.ReadAsync(buffer);
            Assert.StartsWith("HTTP/1.1 400", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
    }
}
