using AuthServer.Strategies;
using AuthServer.SystemTests.Demo;
using AuthServer.SystemTests.Infrastructure;

namespace AuthServer.SystemTests.Compare;

/// <summary>
/// Drives /compare through the whole row of actions in Debian's headless Chromium, against the real comparison (eight
/// AuthServer processes and the embedded Redis), and checks every column against the contract's strategy table.
/// </summary>
[Collection(SharedComparison.Name)]
[Trait("Category", "Browser")]
public sealed class ComparePageTests(ComparisonFixture comparison)
{
    [Fact]
    public void TheRow_CoversEveryStrategyTheServerCanRun() =>
        Assert.All(CompareExpectations.Row, step => Assert.Equal(StrategyCatalog.Names.Order(), step.Columns.Keys.Order()));

    [SkippableFact]
    public async Task ComparePage_WholeRowOfActions_EachColumnKeepsItsStrategysPromises()
    {
        Installed.Require(SystemPrograms.Chromium);
        await comparison.ReadyAsync();
        var profileDirectory = Directory.CreateTempSubdirectory("authserver-chromium-");
        using var driver = HeadlessChromium.Start(profileDirectory.FullName, 1280, 900);
        try
        {
            var page = new ComparePage(driver, comparison.BaseAddress);
            page.Open();

            // The first action by keyboard alone: Tab reaches it, Enter runs it, and focus stays where it was.
            var (reached, focusedAfter) = page.RunFirstActionWithKeyboard();
            Assert.Equal("act-login", reached);
            Assert.Equal("act-login", focusedAfter);
            foreach (var (button, _) in CompareExpectations.Row.Skip(1))
            {
                page.Click(button);
            }

            Assert.Equal(CompareExpectations.Row.Count, page.Rows);
            for (var i = 0; i < CompareExpectations.Row.Count; i++)
            {
                AssertRow(page, i + 1, CompareExpectations.Row[i].Columns);
            }

            foreach (var (strategy, state) in CompareExpectations.AfterLogout)
            {
                var (logout, text) = page.Timeline(strategy, "logout");
                Assert.True(state == logout, $"{strategy} timeline after logout: expected {state}, got {logout}: {text}");
                Assert.Equal(state, page.Timeline(strategy, "logout-all-other").State);
                if (state == "refused")
                {
                    // Refused at once, on every instance: not one call after the logout was accepted.
                    Assert.Contains("Kept working: no.", text, StringComparison.Ordinal);
                }
            }

            page.SaveFullPage(Screenshot("laptop"), 1280);
            page.SaveFullPage(Screenshot("phone"), 390);
            Assert.True(page.FitsWidth(), "the page scrolls sideways at phone width (the grid should scroll inside its card)");
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"The comparison walk failed. Comparison output:\n{comparison.Host.Output}", ex);
        }
        finally
        {
            driver.Quit();
            profileDirectory.Delete(recursive: true);
        }
    }

    private static void AssertRow(ComparePage page, int row, Dictionary<string, Expected> columns)
    {
        foreach (var (strategy, expected) in columns)
        {
            var cell = page.Cell(row, strategy);
            var where = $"row {row} ({page.RowStep(row)}), {strategy}";
            Assert.True(expected.Status == cell.Status, $"{where}: expected {expected.Status}, got {cell.Status}: {cell.Text}");
            Assert.True(cell.Text.Contains(expected.Phrase, StringComparison.Ordinal), $"{where}: expected \"{expected.Phrase}\" in: {cell.Text}");
            if (expected.FollowUp is { } follow)
            {
                Assert.True(follow.Status == page.FollowUp(row, strategy, follow.Kind), $"{where}: {follow.Kind} expected {follow.Status}: {cell.Text}");
            }
        }
    }

    private static string Screenshot(string device) => Path.Combine(AppContext.BaseDirectory, "screenshots", $"compare-{device}.png");
}
