using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthServer.Strategies.Options;
using AuthServer.Strategies.Persistence;
using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Redis;
using AuthServer.Tests.Refresh;
using AuthServer.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.Tests.Users;

/// <summary>
/// Sign-in, password change and logout-all of one user are ordered in the user's mailbox, for every strategy. The password
/// is checked before the mailbox (hashing is slow); inside it, a sign-in goes ahead only if the password it checked is still
/// the account's, and a password change writes and revokes in one item. The test holds the user's mailbox to line the
/// requests up in a chosen order.
/// </summary>
public sealed class CredentialOrderTests
{
    private const string NewPassword = "a brand new passphrase";

    public static TheoryData<string> Strategies => [StrategyNames.StatelessJwt, StrategyNames.JwtRefresh, StrategyNames.JwtBlacklist, StrategyNames.RedisSession];

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task ALoginThatCheckedThePasswordBeforeAChange_ButComesAfterIt_IsRefused(string strategy)
    {
        using var server = Start(strategy);
        var (api, username, tokens, userId) = await SignUpAsync(server, "ordered");

        Task<HttpResponseMessage> change, login;
        await using (var hold = await MailboxHold.StartAsync(server, userId))
        {
            change = api.ChangePasswordAsync(tokens.Str("access_token"), ApiClient.Password, NewPassword);
            await hold.WaitForQueuedAsync(userId, 1);
            login = api.LoginAsync(username);
            await hold.WaitForQueuedAsync(userId, 2);
        }

        Assert.Equal(HttpStatusCode.OK, (await change).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await login).StatusCode);
        await api.LoginOkAsync(username, NewPassword);
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task ALoginBeforeAPasswordChange_LosesWhatItGot_AsFarAsTheStrategyRevokes(string strategy)
    {
        using var server = Start(strategy);
        var (api, username, tokens, userId) = await SignUpAsync(server, "ordered");

        Task<HttpResponseMessage> change, login;
        await using (var hold = await MailboxHold.StartAsync(server, userId))
        {
            login = api.LoginAsync(username);
            await hold.WaitForQueuedAsync(userId, 1);
            change = api.ChangePasswordAsync(tokens.Str("access_token"), ApiClient.Password, NewPassword);
            await hold.WaitForQueuedAsync(userId, 2);
        }

        Assert.Equal(HttpStatusCode.OK, (await change).StatusCode);
        var got = await (await login).Content.ReadFromJsonAsync<JsonElement>();
        var revocable = strategy is StrategyNames.JwtBlacklist or StrategyNames.RedisSession;
        Assert.Equal(revocable ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, (await api.GetProfileAsync(got.Str("access_token"))).StatusCode);
        if (strategy == StrategyNames.JwtRefresh)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.RefreshAsync(got.Str("refresh_token"))).StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task ALoginWhosePasswordWasReplacedBeforeItsTurn_IsRefused(string strategy)
    {
        using var server = Start(strategy);
        var (api, username, _, userId) = await SignUpAsync(server, "ordered");

        Task<HttpResponseMessage> login;
        await using (var hold = await MailboxHold.StartAsync(server, userId))
        {
            login = api.LoginAsync(username);
            await hold.WaitForQueuedAsync(userId, 1);
            // As another instance's password change would: straight into the database.
            await ReplacePasswordAsync(server, userId, NewPassword);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await login).StatusCode);
    }

    [Fact]
    public async Task TwoPasswordChangesFromOnePassword_OnlyTheFirstTakesEffect()
    {
        using var server = Start(StrategyNames.StatelessJwt);
        var (api, username, tokens, userId) = await SignUpAsync(server, "ordered");

        Task<HttpResponseMessage> first, second;
        await using (var hold = await MailboxHold.StartAsync(server, userId))
        {
            first = api.ChangePasswordAsync(tokens.Str("access_token"), ApiClient.Password, NewPassword);
            await hold.WaitForQueuedAsync(userId, 1);
            second = api.ChangePasswordAsync(tokens.Str("access_token"), ApiClient.Password, "the other new passphrase");
            await hold.WaitForQueuedAsync(userId, 2);
        }

        Assert.Equal(HttpStatusCode.OK, (await first).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second).StatusCode);
        await api.LoginOkAsync(username, NewPassword);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.LoginAsync(username, "the other new passphrase")).StatusCode);
    }

    [Fact]
    public async Task ARehashOnLogin_NeverUndoesAPasswordChangeMadeMeanwhile()
    {
        using var server = Start(StrategyNames.StatelessJwt);
        var (api, username, _, userId) = await SignUpAsync(server, "rehashed");
        // Fewer iterations than the server hashes with (whatever the test setting is), so the login must rehash.
        await ReplacePasswordAsync(server, userId, ApiClient.Password, iterations: server.PasswordHashIterations / 2);

        Task<HttpResponseMessage> login;
        using (await server.Services.GetRequiredService<SqliteWriteGate>().EnterAsync(default))
        {
            // The login checks the old hash, rehashes it and waits at the write gate; meanwhile the password changes.
            login = api.LoginAsync(username);
            await Task.Delay(TimeSpan.FromSeconds(1));
            await ReplacePasswordAsync(server, userId, NewPassword);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await login).StatusCode);
        await api.LoginOkAsync(username, NewPassword);
    }

    private static AuthServerFactory Start(string strategy) =>
        strategy is StrategyNames.JwtBlacklist or StrategyNames.RedisSession ? new RedisStrategyServer(strategy) : new AuthServerFactory(strategy);

    private static async Task<(ApiClient Api, string Username, JsonElement Tokens, string UserId)> SignUpAsync(AuthServerFactory server, string prefix)
    {
        var api = new ApiClient(server.CreateClient());
        var (username, tokens) = await api.SignUpAsync(prefix);
        var profile = await (await api.GetProfileAsync(tokens.Str("access_token"))).Content.ReadFromJsonAsync<JsonElement>();
        return (api, username, tokens, profile.Str("id"));
    }

    // Bypasses the server (its mailbox and its write gate), as a change on another instance does.
    private static async Task ReplacePasswordAsync(AuthServerFactory server, string userId, string password, int? iterations = null)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId);
        var hash = iterations is { } count
            ? new PasswordHasher<UserRecord>(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { IterationCount = count })).HashPassword(user, password)
            : await server.Services.GetRequiredService<PasswordHashing>().HashAsync(user, password);
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordHash, hash));
    }
}
