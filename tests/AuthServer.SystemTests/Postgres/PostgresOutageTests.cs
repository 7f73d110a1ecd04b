using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthServer.Strategies.Options;
using AuthServer.SystemTests.Infrastructure;
using AuthServer.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace AuthServer.SystemTests.Postgres;

/// <summary>
/// A real PostgreSQL of the test's own is stopped (immediate shutdown: every backend killed, as a crash) or frozen (SIGSTOP) under the
/// running server and started again. What needs it answers 503 fast, what does not keeps working, and the server
/// recovers by itself.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class PostgresOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Answer = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(15);

    private PostgresCluster postgres = null!;

    public async Task InitializeAsync()
    {
        Installed.Require(SystemPrograms.PostgresServer);
        postgres = await PostgresCluster.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (postgres is not null)
        {
            await postgres.DisposeAsync();
        }
    }

    [SkippableTheory]
    [InlineData(StrategyNames.JwtRefresh)]
    [InlineData(StrategyNames.StatelessJwt)]
    public async Task WhileDatabaseIsDown_WhatNeedsItAnswers503Fast_TheRestWorks_ThenItRecoversByItself(string strategy)
    {
        Installed.Require(SystemPrograms.PostgresServer);
        using var server = new AuthServerFactory(strategy, new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = Database("outage") });
        var api = new ApiClient(server.CreateClient());
        var (username, tokens) = await api.SignUpAsync();
        var access = tokens.Str("access_token");
        var admin = await AdminAsync(api);
        var hashing = await TimeAsync(() => api.LoginAsync(username, "not the password"), HttpStatusCode.Unauthorized);

        await postgres.StopAsync();

        await AssertUnavailableAsync(() => api.LoginAsync(username), hashing);
        await AssertUnavailableAsync(() => api.RegisterAsync(ApiClient.NewUsername()));
        await AssertUnavailableAsync(() => api.AdminRevokeAsync(admin, username));
        if (strategy == StrategyNames.JwtRefresh)
        {
            await AssertUnavailableAsync(() => api.RefreshAsync(tokens.Str("refresh_token")));
            await AssertUnavailableAsync(() => api.LogoutAsync(access));
            await AssertUnavailableAsync(() => api.LogoutAllAsync(access));
            await AssertUnavailableAsync(() => api.RevokeAsync(tokens.Str("refresh_token")));
        }

        // A JWT is checked without the database: the signed-in user keeps working.
        Assert.Equal(HttpStatusCode.OK, (await api.GetProfileAsync(access)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync("/health/live")).StatusCode);
        var ready = await api.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty("postgres").Str("status"));

        await postgres.StartAgainAsync();
        await AssertRecoversAsync(api);
        // Nothing was lost or half-done by the refused calls.
        Assert.Equal(HttpStatusCode.OK, (await api.LoginAsync(username)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.RegisterAsync(ApiClient.NewUsername())).StatusCode);
        if (strategy == StrategyNames.JwtRefresh)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.RefreshAsync(tokens.Str("refresh_token"))).StatusCode);
        }
    }

    [SkippableFact]
    public async Task WhileDatabaseHangs_EveryCallThatNeedsItAnswers503WithinASecond_ThenItRecovers()
    {
        Installed.Require(SystemPrograms.PostgresServer);
        using var server = new AuthServerFactory(StrategyNames.JwtRefresh, new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = Database("hang") });
        var api = new ApiClient(server.CreateClient());
        var (username, tokens) = await api.SignUpAsync();
        var admin = await AdminAsync(api);
        var access = tokens.Str("access_token");

        // Each call that needs the database, against a freshly frozen one: the first meets the hang itself (no call that
        // fails at once goes before it), the second the ping that has not been answered. None hashes a password before its
        // first query, so no allowance: one second, whatever Npgsql's own timeouts.
        (string Name, Func<Task<HttpResponseMessage>> Call)[] calls =
        [
            ("register", () => api.RegisterAsync(ApiClient.NewUsername())),
            ("login", () => api.LoginAsync(username)),
            ("admin revoke", () => api.AdminRevokeAsync(admin, username)),
            ("admin role", () => api.GrantAdminAsync(admin, username)),
            ("password change", () => api.ChangePasswordAsync(access, ApiClient.Password, "a-new-password-42")),
            ("RFC 7009 revoke", () => api.RevokeAsync(tokens.Str("refresh_token"))),
            ("refresh", () => api.RefreshAsync(tokens.Str("refresh_token"))),
        ];
        foreach (var (name, call) in calls)
        {
            await WhileFrozenAsync(name, api, access, call);
        }

        // Those seven only read before they met the hang: nothing was written, so the refresh token still rotates.
        var rotated = await api.RefreshAsync(tokens.Str("refresh_token"));
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var fresh = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).Str("access_token");

        // These two meet the hang in their one UPDATE, which PostgreSQL may still run once it wakes: committed or not.
        await WhileFrozenAsync("logout-all", api, fresh, () => api.LogoutAllAsync(fresh));
        await WhileFrozenAsync("logout", api, fresh, () => api.LogoutAsync(fresh));
    }

    [SkippableFact]
    public async Task SlowStatement_WhileTheDatabaseAnswers_IsWaitedFor_NotA503()
    {
        Installed.Require(SystemPrograms.PostgresServer);
        var database = Database("slow");
        var hangTimeout = TimeSpan.FromMilliseconds(200);
        using var server = new AuthServerFactory(StrategyNames.JwtRefresh, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = database,
            ["Postgres:HangTimeout"] = hangTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        });
        var api = new ApiClient(server.CreateClient());
        var (_, tokens) = await api.SignUpAsync();

        // Another session holds every refresh token row for half a second (longer than the hang timeout, shorter than
        // the 1-s command timeout): the rotation's UPDATE waits for it while the server answers everything else.
        await using var blocker = new NpgsqlConnection(database);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var rows = new NpgsqlCommand("""SELECT 1 FROM "RefreshTokens" FOR UPDATE""", blocker, transaction))
        {
            await rows.ExecuteNonQueryAsync();
        }

        var watch = Stopwatch.StartNew();
        var refresh = api.RefreshAsync(tokens.Str("refresh_token"));
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        await transaction.CommitAsync();
        var response = await refresh;
        output.WriteLine($"/auth/refresh behind a row lock: {(int)response.StatusCode} in {watch.ElapsedMilliseconds} ms");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.Elapsed > hangTimeout * 2, "the lock did not hold the rotation");
        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync("/health/ready")).StatusCode);
    }

    private async Task WhileFrozenAsync(string name, ApiClient api, string access, Func<Task<HttpResponseMessage>> call)
    {
        await postgres.SignalAsync(freeze: true);
        try
        {
            output.WriteLine($"{name}:");
            await AssertUnavailableAsync(call);
            await AssertUnavailableAsync(call);
            Assert.Equal(HttpStatusCode.OK, (await api.GetProfileAsync(access)).StatusCode);
            var watch = Stopwatch.StartNew();
            var ready = await api.Http.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("Unhealthy", (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty("postgres").Str("status"));
            Assert.True(watch.Elapsed < Answer, $"/health/ready took {watch.ElapsedMilliseconds} ms");
        }
        finally
        {
            await postgres.SignalAsync(freeze: false);
        }

        await AssertRecoversAsync(api);
    }

    private string Database(string prefix) =>
        new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Database = $"{prefix}_{Guid.NewGuid():N}" }.ConnectionString;

    private static async Task<string> AdminAsync(ApiClient api)
    {
        return (await api.LoginOkAsync(AuthServerFactory.AdminUsername)).Str("access_token");
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task<HttpResponseMessage>> call, HttpStatusCode expected)
    {
        var watch = Stopwatch.StartNew();
        Assert.Equal(expected, (await call()).StatusCode);
        return watch.Elapsed;
    }

    private async Task AssertUnavailableAsync(Func<Task<HttpResponseMessage>> call, TimeSpan besides = default)
    {
        var watch = Stopwatch.StartNew();
        var response = await call();
        watch.Stop();
        output.WriteLine($"{response.RequestMessage?.RequestUri?.AbsolutePath}: {(int)response.StatusCode} in {watch.ElapsedMilliseconds} ms");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(503, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.True(watch.Elapsed < Answer + besides, $"503 took {watch.ElapsedMilliseconds} ms ({besides.TotalMilliseconds:0} ms of it not the database's)");
    }

    private async Task AssertRecoversAsync(ApiClient api)
    {
        var watch = Stopwatch.StartNew();
        while ((await api.Http.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(watch.Elapsed < Recovery, $"not ready {Recovery.TotalSeconds} s after PostgreSQL came back");
            await Task.Delay(100);
        }

        output.WriteLine($"ready again {watch.ElapsedMilliseconds} ms after PostgreSQL came back");
    }
}
