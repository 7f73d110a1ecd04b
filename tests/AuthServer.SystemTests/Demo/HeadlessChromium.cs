using System.Drawing;
using System.Globalization;
using OpenQA.Selenium.Chrome;

namespace AuthServer.SystemTests.Demo;

/// <summary>
/// Debian's Chromium driven through Debian's chromedriver. Both paths are given, so Selenium Manager
/// has nothing to look up and never downloads a browser or driver (SE_OFFLINE makes sure).
/// </summary>
internal static class HeadlessChromium
{
    public const string Browser = "/usr/bin/chromium";
    public const string DriverDirectory = "/usr/bin";
    public const string DriverName = "chromedriver";

    public static ChromeDriver Start(string userDataDirectory, int width, int height)
    {
        if (!File.Exists(Browser) || !File.Exists(Path.Combine(DriverDirectory, DriverName)))
        {
            throw new InvalidOperationException($"The browser tests need Debian's Chromium: apt-get install -y chromium chromium-driver ({Browser} and {DriverDirectory}/{DriverName}).");
        }

        Environment.SetEnvironmentVariable("SE_OFFLINE", "true");
        var service = ChromeDriverService.CreateDefaultService(DriverDirectory, DriverName);
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;

        var options = new ChromeOptions { BinaryLocation = Browser };
        // The flags this closed machine needs: no background connections, no sandbox as root, a fresh profile.
        options.AddArguments(
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            $"--user-data-dir={userDataDirectory}",
            $"--window-size={width},{height}");
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    /// <summary>Resizes the window to the whole page and saves it.</summary>
    public static void SaveFullPage(ChromeDriver driver, string path, int width)
    {
        driver.Manage().Window.Size = new Size(width, 900);
        var height = Convert.ToInt32(driver.ExecuteScript("return document.documentElement.scrollHeight;"), CultureInfo.InvariantCulture);
        driver.Manage().Window.Size = new Size(width, height + 20);
        driver.ExecuteScript("window.scrollTo(0, 0);");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        driver.GetScreenshot().SaveAsFile(path);
    }

    /// <summary>True when nothing is wider than the window (no sideways scrolling on a phone).</summary>
    public static bool FitsWidth(ChromeDriver driver) =>
        (bool)driver.ExecuteScript("return document.documentElement.scrollWidth <= window.innerWidth;")!;
}
