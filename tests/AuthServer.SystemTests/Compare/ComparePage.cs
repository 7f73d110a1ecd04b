using System.Globalization;
using AuthServer.SystemTests.Demo;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace AuthServer.SystemTests.Compare;

/// <summary>What one cell of the grid shows: the headline status (null when nothing was sent), its tone, its text.</summary>
internal sealed record CompareCell(int? Status, string Tone, string Text);

/// <summary>/compare as a teacher uses it: press a button, wait until all four columns answered, read the row.</summary>
internal sealed class ComparePage(ChromeDriver driver, Uri host)
{
    // Logins hash passwords on four servers at once and Start Redis waits for every instance to be ready again.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public void Open()
    {
        driver.Navigate().GoToUrl(new Uri(host, "/compare"));
        Until(d => d.FindElement(By.TagName("body")).GetAttribute("data-ready") == "true");
    }

    /// <summary>Clicks and waits until the row is complete (the page marks itself busy meanwhile).</summary>
    public void Click(string id)
    {
        Until(NotBusy);
        driver.FindElement(By.Id(id)).Click();
        Until(NotBusy);
    }

    /// <summary>
    /// Tabs from the top of the page to the first action and runs it with Enter, as a keyboard user does; returns the
    /// element Tab reached and the one focused once the row is complete.
    /// </summary>
    public (string? Reached, string? FocusedAfter) RunFirstActionWithKeyboard()
    {
        Until(NotBusy);
        new OpenQA.Selenium.Interactions.Actions(driver).SendKeys(Keys.Tab).Perform();
        var focused = driver.SwitchTo().ActiveElement();
        var reached = focused.GetAttribute("id");
        new OpenQA.Selenium.Interactions.Actions(driver).SendKeys(Keys.Enter).Perform();
        Until(NotBusy);
        return (reached, driver.SwitchTo().ActiveElement().GetAttribute("id"));
    }

    public int Rows => driver.FindElements(By.CssSelector("#grid-body tr")).Count;

    public string RowStep(int row) => driver.FindElement(By.CssSelector($"#grid-body tr[data-index='{row}']")).GetAttribute("data-step")!;

    public CompareCell Cell(int row, string strategy)
    {
        var cell = driver.FindElement(By.CssSelector($"#grid-body tr[data-index='{row}'] td[data-strategy='{strategy}']"));
        var status = cell.GetAttribute("data-status");
        var tone = cell.GetAttribute("class")!.Replace("cell", string.Empty, StringComparison.Ordinal).Trim();
        return new CompareCell(status == "none" ? null : int.Parse(status!, CultureInfo.InvariantCulture), tone, cell.Text);
    }

    /// <summary>The status of a follow-up answer listed in a cell (the newest refresh token, the other device).</summary>
    public int FollowUp(int row, string strategy, string kind)
    {
        var item = driver.FindElement(By.CssSelector($"#grid-body tr[data-index='{row}'] td[data-strategy='{strategy}'] li[data-kind='{kind}']"));
        return int.Parse(item.GetAttribute("data-status")!, CultureInfo.InvariantCulture);
    }

    /// <summary>A line of the timeline: accepted, refused or unknown, and what it says.</summary>
    public (string State, string Text) Timeline(string strategy, string kind)
    {
        var line = driver.FindElement(By.CssSelector($"#tl-{strategy} li[data-kind='{kind}']"));
        return (line.GetAttribute("data-state")!, line.Text);
    }

    public void SaveFullPage(string path, int width) => HeadlessChromium.SaveFullPage(driver, path, width);

    public bool FitsWidth() => HeadlessChromium.FitsWidth(driver);

    private static bool NotBusy(IWebDriver d) => d.FindElement(By.TagName("body")).GetAttribute("data-busy") is null;

    private T Until<T>(Func<IWebDriver, T> condition) => new WebDriverWait(driver, Patience).Until(condition);
}
