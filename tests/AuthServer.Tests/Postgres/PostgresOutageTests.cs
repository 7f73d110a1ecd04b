using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthServer.Strategies.Options;
using AuthServer.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace AuthServer.Tests.Postgres;

/// <summary>
/// A real PostgreSQL of the test's own is stopped (immediate shutdown: every backend killed, as a crash) under the
/// running server and started again. What needs it answers 503 fast, what does not keeps working, and the server
/// recovers by itself.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class PostgresOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Answer = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(15);

    // What a hung server adds on top of Answer: the 1-s command timeout, then Npgsql's cancel request, which opens a
    // connection of its own (GSS, then TLS, negotiation: up to 1 s each against a silent server) before it gives up.
    // Measured: 3.0 s; a stopped server answers at once instead.
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(3);

    private PostgresCluster postgres = null!;

    public async Task InitializeAsync()
    {
        SystemPrograms.Require(SystemPrograms.PostgresServer);
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
        SystemPrograms.Require(SystemPrograms.PostgresServer);
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
    public async Task WhileDatabaseHangs_RequestsAnswer503WithinTheTimeouts_ThenItRecovers()
    {
        SystemPrograms.Require(SystemPrograms.PostgresServer);
        using var server = new AuthServerFactory(StrategyNames.JwtRefresh, new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = Database("hang") });
        var api = new ApiClient(server.CreateClient());
        var (username, tokens) = await api.SignUpAsync();

        await postgres.SignalAsync(freeze: true);
        try
        {
            // Npgsql counts timeouts in whole seconds: 1 s to connect or for a command, then it cancels and breaks the connection.
            await AssertUnavailableAsync(() => api.RefreshAsync(tokens.Str("refresh_token")), Hang);
            await AssertUnavailableAsync(() => api.LoginAsync(username), Hang);
            Assert.Equal(HttpStatusCode.OK, (await api.GetProfileAsync(tokens.Str("access_token"))).StatusCode);
        }
        finally
        {
            await postgres.SignalAsync(freeze: false);
        }

        await AssertRecoversAsync(api);
        Assert.Equal(HttpStatusCode.OK, (await api.RefreshAsync(tokens.Str("refresh_token"))).StatusCode);
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
