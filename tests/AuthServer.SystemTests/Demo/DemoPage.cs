using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace AuthServer.SystemTests.Demo;

/// <summary>The demo page as a student uses it: click a button, wait until the page settles, read what it says.</summary>
internal sealed class DemoPage(ChromeDriver driver, Uri server)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public void Open()
    {
        driver.Navigate().GoToUrl(new Uri(server, "/demo"));
        Until(d => d.FindElement(By.TagName("body")).GetAttribute("data-ready") == "true");
    }

    public string Text(string id) => driver.FindElement(By.Id(id)).Text;

    public void Type(string id, string text)
    {
        var input = driver.FindElement(By.Id(id));
        input.Clear();
        input.SendKeys(text);
    }

    public void Select(string id, string value) => driver.FindElement(By.CssSelector($"#{id} option[value='{value}']")).Click();

    /// <summary>Clicks and waits until the action's requests are done (the page marks itself busy meanwhile).</summary>
    public void Click(string id)
    {
        Until(d => d.FindElement(By.Id(id)).Enabled);
        driver.FindElement(By.Id(id)).Click();
        Until(d => d.FindElement(By.TagName("body")).GetAttribute("data-busy") is null);
    }

    /// <summary>The result shown in <paramref name="containerId"/> (for <paramref name="step"/>, if given).</summary>
    public (int Status, string Text) Result(string containerId, string? step = null)
    {
        var selector = step is null ? $"#{containerId} .result" : $"#{containerId} .result[data-step='{step}']";
        var box = Until(d => d.FindElements(By.CssSelector(selector)).FirstOrDefault())!;
        return (int.Parse(box.GetAttribute("data-status")!, System.Globalization.CultureInfo.InvariantCulture), box.Text);
    }

    public bool IsVisible(string id) => driver.FindElement(By.Id(id)).Displayed;

    /// <summary>True when nothing is wider than the window (no sideways scrolling on a phone).</summary>
    public bool FitsWidth() => HeadlessChromium.FitsWidth(driver);

    /// <summary>Resizes the window to the whole page and saves it.</summary>
    public void SaveFullPage(string path, int width) => HeadlessChromium.SaveFullPage(driver, path, width);

    private T Until<T>(Func<IWebDriver, T> condition) => new WebDriverWait(driver, Patience).Until(condition);
}
