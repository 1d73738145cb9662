using Microsoft.Playwright;

namespace ApprovalFunctions.ConsoleTests;

/// <summary>One browser tab on the console, as an operator uses it: keyboard first, screenshots into artifacts/console.</summary>
public sealed class ConsolePage : IAsyncDisposable
{
    public static readonly string ScreenshotFolder = RepositoryPaths.Combine("artifacts", "console");

    private readonly IBrowserContext context;
    private readonly List<string> requestedUrls = [];

    private ConsolePage(IBrowserContext context, IPage page, Uri baseAddress)
    {
        this.context = context;
        Page = page;
        BaseAddress = baseAddress;
        page.Request += (_, request) => requestedUrls.Add(request.Url);
    }

    public IPage Page { get; }

    public Uri BaseAddress { get; }

    /// <summary>Every URL the page requested: the admin key must never be in one.</summary>
    public IReadOnlyList<string> RequestedUrls => requestedUrls;

    public static async Task<ConsolePage> OpenAsync(IBrowser browser, Uri baseAddress, int width = 1280, int height = 900)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            DeviceScaleFactor = 1,
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        var console = new ConsolePage(context, page, baseAddress);
        await page.GotoAsync(new Uri(baseAddress, "api/console").ToString());
        return console;
    }

    /// <summary>Types the key and presses Enter, as an operator does once per tab.</summary>
    public async Task EnterKeyAsync(string key)
    {
        await Page.GetByLabel("Admin key", new() { Exact = true }).FillAsync(key);
        await Page.GetByLabel("Admin key", new() { Exact = true }).PressAsync("Enter");
        await Assertions.Expect(Page.Locator("#key-status")).ToHaveTextAsync("Key set for this tab.");
    }

    public async Task SearchInstanceAsync(string instanceId)
    {
        await Page.GetByRole(AriaRole.Link, new() { Name = "Instance", Exact = true }).ClickAsync();
        await Page.GetByLabel("Instance id", new() { Exact = true }).FillAsync(instanceId);
        await Page.GetByLabel("Instance id", new() { Exact = true }).PressAsync("Enter");
    }

    public async Task<string> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
