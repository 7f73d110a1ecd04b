using System.Text.RegularExpressions;
using AuthServer.Strategies;
using AuthServer.SystemTests.Infrastructure;

namespace AuthServer.SystemTests.Demo;

/// <summary>
/// Walks /demo end to end in headless Chromium against a real server process, once per strategy the
/// server can start (StrategyCatalog): the Redis strategies join as soon as they exist.
/// </summary>
[Trait("Category", "Browser")]
public sealed partial class DemoPageTests
{
    public static TheoryData<string> Strategies()
    {
        var data = new TheoryData<string>();
        foreach (var name in DemoExpectations.ByStrategy.Keys.Where(StrategyCatalog.Names.Contains))
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void EveryStrategyTheServerCanRun_HasDemoExpectations() =>
        Assert.All(StrategyCatalog.Names, name => Assert.True(DemoExpectations.ByStrategy.ContainsKey(name), $"add {name} to DemoExpectations"));

    [SkippableTheory]
    [MemberData(nameof(Strategies))]
    public async Task DemoPage_WalkedEndToEnd_ShowsWhatTheStrategyPromises(string strategy)
    {
        Installed.Require(SystemPrograms.Chromium);
        var expected = DemoExpectations.ByStrategy[strategy];
        await using var server = await DevelopmentServer.StartAsync(strategy);
        var profileDirectory = Directory.CreateTempSubdirectory("authserver-chromium-");
        using var driver = HeadlessChromium.Start(profileDirectory.FullName, 1280, 900);
        try
        {
            var page = new DemoPage(driver, server.BaseAddress);
            page.Open();
            Assert.Equal(strategy, page.Text("strategy-name"));
            Assert.Equal(expected.RefreshTokens, page.IsVisible("step-refresh"));

            var username = $"student-{Guid.NewGuid():N}"[..20];
            SignUpAndLogIn(page, username);
            ShowsTheCredential(page, expected, username);
            UsesAndTampers(page, expected, username);
            if (expected.RefreshTokens)
            {
                RefreshesAndReplays(page);
            }

            EndsSessions(page, expected);

            page.SaveFullPage(Screenshot(strategy, "laptop"), 1280);
            page.SaveFullPage(Screenshot(strategy, "phone"), 390);
            Assert.True(page.FitsWidth(), "the page scrolls sideways at phone width");
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"Demo walk failed under {strategy}. Server output:\n{server.Output}", ex);
        }
        finally
        {
            driver.Quit();
            profileDirectory.Delete(recursive: true);
        }
    }

    private static void SignUpAndLogIn(DemoPage page, string username)
    {
        page.Type("username", username);
        page.Click("register");
        var registered = page.Result("result-account");
        Assert.Equal(201, registered.Status);
        Assert.Contains("salted hash", registered.Text, StringComparison.Ordinal);

        page.Click("login");
        var login = page.Result("result-account");
        Assert.Equal(200, login.Status);
        Assert.Contains("Logged in", login.Text, StringComparison.Ordinal);
    }

    private static void ShowsTheCredential(DemoPage page, DemoExpectations expected, string username)
    {
        Assert.NotEmpty(page.Text("credential-raw"));
        Assert.Equal(expected.Jwt, page.IsVisible("jwt-parts"));
        if (expected.Jwt)
        {
            Assert.Contains("\"alg\":", page.Text("jwt-header"), StringComparison.Ordinal);
            Assert.Contains($"\"name\": \"{username}\"", page.Text("jwt-payload"), StringComparison.Ordinal);
            Assert.Contains("\"exp\":", page.Text("jwt-payload"), StringComparison.Ordinal);
            Assert.Equal(3, page.Text("credential-raw").Split('.').Length);
        }
        else
        {
            Assert.Contains("opaque session id", page.Text("credential-kind"), StringComparison.Ordinal);
        }

        Assert.Equal(expected.RefreshTokens, page.IsVisible("refresh-box"));

        // The countdown is live: it ticks while the student reads.
        var first = page.Text("countdown");
        Assert.Matches(Countdown(), first);
        Thread.Sleep(TimeSpan.FromSeconds(1.5));
        Assert.NotEqual(first, page.Text("countdown"));
    }

    private static void UsesAndTampers(DemoPage page, DemoExpectations expected, string username)
    {
        page.Click("call-profile");
        var profile = page.Result("result-profile");
        Assert.Equal(200, profile.Status);
        Assert.Contains($"you are \"{username}\"", profile.Text, StringComparison.Ordinal);

        page.Click("tamper");
        var tampered = page.Result("result-tamper");
        Assert.Equal(401, tampered.Status);
        Assert.Contains("WWW-Authenticate: Bearer", tampered.Text, StringComparison.Ordinal);
        Assert.Contains(expected.Jwt ? "signature" : "matches no session", tampered.Text, StringComparison.Ordinal);
    }

    private static void RefreshesAndReplays(DemoPage page)
    {
        var before = page.Text("refresh-raw");
        page.Click("refresh");
        Assert.Equal(200, page.Result("result-refresh", "refresh").Status);
        Assert.NotEqual(before, page.Text("refresh-raw"));
        Assert.Contains(before, page.Text("refresh-rotation"), StringComparison.Ordinal);

        page.Click("replay");
        var replay = page.Result("result-refresh", "replay");
        Assert.Equal(401, replay.Status);
        Assert.Contains("revokes its whole family", replay.Text, StringComparison.Ordinal);

        page.Click("try-newest");
        var newest = page.Result("result-refresh", "newest");
        Assert.Equal(401, newest.Status);
        Assert.Contains("even the newest refresh token is dead", newest.Text, StringComparison.Ordinal);
    }

    private static void EndsSessions(DemoPage page, DemoExpectations expected)
    {
        foreach (var action in new[] { "logout", "logout-all" })
        {
            page.Click("login");
            Assert.False(page.IsVisible("refresh-rotation"), "a new login starts without the last rotation on show");
            page.Click(action);
            Assert.Equal(200, page.Result("result-end", "action").Status);
            AssertProfileAfter(page, expected.ProfileAfterLogout);
            if (expected.RefreshTokens)
            {
                // The contract's jwt-refresh promise: the refresh token is refused at once.
                Assert.Equal(401, page.Result("result-end", "refresh").Status);
            }
        }

        page.Click("login");
        page.Select("revoke-which", "access_token");
        page.Click("revoke");
        var revoke = page.Result("result-end", "action");
        Assert.Equal(expected.RevokeStatus, revoke.Status);
        Assert.Contains(expected.RevokeStatus == 200 ? "Revoked (RFC 7009)" : "unsupported_token_type", revoke.Text, StringComparison.Ordinal);
        AssertProfileAfter(page, expected.ProfileAfterRevoke);
    }

    private static void AssertProfileAfter(DemoPage page, int status)
    {
        var after = page.Result("result-end", "profile");
        Assert.Equal(status, after.Status);
        Assert.Contains(status == 200 ? "Still works" : "Refused at once", after.Text, StringComparison.Ordinal);
    }

    private static string Screenshot(string strategy, string device) =>
        Path.Combine(AppContext.BaseDirectory, "screenshots", $"demo-{strategy}-{device}.png");

    [GeneratedRegex(@"(Expires|Idle expiry) in \d+:\d\d")]
    private static partial Regex Countdown();
}
