using Microsoft.Playwright;
using SecureExec.Testing;

namespace SecureExec.Server.Tests.Console;

/// <summary>
/// One headless Debian Chromium (<c>/usr/bin/chromium</c>, installed by the test command) driven by Playwright, shared by
/// the console tests; each test gets a fresh browser context (its own cookies). Screenshots go to
/// <c>artifacts/screenshots/</c>.
/// </summary>
public sealed class ConsoleBrowser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotDirectory { get; } = Repository.PathOf("artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run ./test.sh, which installs Debian's chromium package.");
        }

        // Expect(...) waits for its condition; on a shared, loaded machine 5 s (Playwright's default) is not enough.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Root in a container has no user namespace for Chromium's own sandbox; the browser only ever loads the test server.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run", "--disable-extensions"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>A page in a browser context of its own, with <paramref name="server"/> as its base address.</summary>
    public async Task<IPage> NewPageAsync(RunningServer server, BrowserNewContextOptions? options = null)
    {
        options ??= new BrowserNewContextOptions();
        options.BaseURL = server.BaseAddress.ToString().TrimEnd('/');
        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleBrowserCollection : ICollectionFixture<ConsoleBrowser>
{
    public const string Name = "console browser";
}
