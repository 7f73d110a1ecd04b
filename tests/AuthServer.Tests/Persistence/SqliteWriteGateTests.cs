using System.Net;
using AuthServer.Strategies.Persistence;
using AuthServer.Strategies.Refresh;
using AuthServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AuthServer.Tests.Persistence;

/// <summary>
/// Every SQLite write of the server queues at the process's one write gate (<see cref="SqliteWriteGate"/>), not only the
/// rotation: a write that bypasses it meets the file's write lock instead, and Microsoft.Data.Sqlite sleeps 150 ms per
/// retry. The test holds the gate and each kind of write must wait for it.
/// </summary>
public sealed class SqliteWriteGateTests : IDisposable
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    private readonly AuthServerFactory server;
    private readonly ApiClient api;

    public SqliteWriteGateTests()
    {
        server = new AuthServerFactory("jwt-refresh", time: time);
        api = new ApiClient(server.CreateClient());
    }

    [Theory]
    [InlineData("login")]
    [InlineData("rotation")]
    [InlineData("reuse")]
    [InlineData("logout")]
    [InlineData("logout-all")]
    [InlineData("rfc7009-revoke")]
    [InlineData("password")]
    [InlineData("register")]
    [InlineData("role")]
    public async Task AWrite_WaitsForTheGate(string write)
    {
        var (username, tokens) = await api.SignUpAsync("gated");
        var (access, refresh) = (tokens.Str("access_token"), tokens.Str("refresh_token"));
        var admin = (await api.LoginOkAsync(AuthServerFactory.AdminUsername)).Str("access_token");
        if (write == "reuse")
        {
            (await api.RefreshAsync(refresh)).EnsureSuccessStatusCode();
        }

        var gate = server.Services.GetRequiredService<SqliteWriteGate>();
        Task<HttpResponseMessage> pending;
        using (await gate.EnterAsync(default))
        {
            pending = write switch
            {
                "login" => api.LoginAsync(username),
                "rotation" or "reuse" => api.RefreshAsync(refresh),
                "logout" => api.LogoutAsync(access),
                "logout-all" => api.LogoutAllAsync(access),
                "rfc7009-revoke" => api.RevokeAsync(refresh),
                "password" => api.ChangePasswordAsync(access, ApiClient.Password, "a brand new passphrase"),
                "register" => api.RegisterAsync(ApiClient.NewUsername("gated")),
                "role" => api.GrantAdminAsync(admin, username),
                _ => throw new ArgumentOutOfRangeException(nameof(write)),
            };

            // Long enough for the password hashes before the write (one for a registration, two for a password change)
            // on a busy machine: a write that went around the gate is answered by then.
            await Task.Delay(TimeSpan.FromSeconds(write is "register" or "password" ? 4 : 1));
            Assert.False(pending.IsCompleted, $"the {write} was answered while the write gate was held");
        }

        var response = await pending;
        Assert.Equal(write == "reuse" ? HttpStatusCode.Unauthorized : write == "register" ? HttpStatusCode.Created : HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ThePurge_WaitsForTheGate()
    {
        await api.SignUpAsync("purged");
        var gate = server.Services.GetRequiredService<SqliteWriteGate>();
        using (await gate.EnterAsync(default))
        {
            // Past every lifetime, and a purge is due (it runs every 10 minutes of the server's clock).
            time.Advance(TimeSpan.FromDays(31));
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.NotEqual(0, await CountRowsAsync());
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await CountRowsAsync() != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the purge did not run within 10 s of the gate's release");
            await Task.Delay(50);
        }
    }

    public void Dispose() => server.Dispose();

    private async Task<int> CountRowsAsync()
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        return await db.RefreshTokens.CountAsync() + await db.RefreshFamilies.CountAsync();
    }
}
