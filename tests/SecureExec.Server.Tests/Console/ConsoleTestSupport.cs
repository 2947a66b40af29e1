using Microsoft.Playwright;

namespace SecureExec.Server.Tests.Console;

/// <summary>Logging in through the console's form, and saving screenshots of its pages.</summary>
public static class ConsoleTestSupport
{
    /// <summary>Opens the login page and submits <paramref name="name"/> and <paramref name="password"/>.</summary>
    public static async Task LoginAsync(this IPage page, string name, string password = RunningServer.Password, string returnUrl = "")
    {
        await page.GotoAsync("/console/login" + (returnUrl.Length > 0 ? "?return_url=" + Uri.EscapeDataString(returnUrl) : ""));
        await page.GetByLabel("User name").FillAsync(name);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    /// <summary>Creates a user with <paramref name="roles"/> and logs the page in as them.</summary>
    public static async Task LoginAsNewUserAsync(this IPage page, RunningServer server, string name, params string[] roles)
    {
        await server.CreateUserAsync(name, RunningServer.Password, roles);
        await page.LoginAsync(name);
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console(/.*)?$"));
    }

    /// <summary>Saves a full-page screenshot as <c>artifacts/screenshots/NAME.png</c> (desktop) for the record.</summary>
    public static Task ScreenshotAsync(this IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ConsoleBrowser.ScreenshotDirectory, name + ".png"), FullPage = true });
}
