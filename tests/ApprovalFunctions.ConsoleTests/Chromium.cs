using Microsoft.Playwright;

namespace ApprovalFunctions.ConsoleTests;

/// <summary>
/// Debian's chromium (tools/test.sh installs it with apt-get), driven by Playwright's driver that ships inside the
/// Microsoft.Playwright package: no browser download. One browser per test class; each test opens its own context.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var executable = FindExecutable()
            ?? throw new InvalidOperationException("chromium is not installed: run tools/test.sh (it installs Debian's chromium and fonts-noto-cjk) or apt-get install chromium fonts-noto-cjk.");
        playwright = await Playwright.CreateAsync();
        var arguments = new List<string> { "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage" };
        if (Environment.UserName == "root")
        {
            // Chromium's sandbox refuses to run as root; the tests load only the app under test on loopback.
            arguments.Add("--no-sandbox");
        }

        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = executable, Headless = true, Args = arguments });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
    }

    /// <summary>CHROMIUM_PATH, else the first <c>chromium</c> on PATH (what <c>command -v chromium</c> answers).</summary>
    public static string? FindExecutable()
    {
        if (Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured)
        {
            return configured;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "chromium"))
            .FirstOrDefault(File.Exists);
    }
}
