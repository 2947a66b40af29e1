using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using SecureExec.Core.Audit;
using SecureExec.Server.Auth.Accounts;
using static Microsoft.Playwright.Assertions;

namespace SecureExec.Server.Tests.Console;

/// <summary>
/// The console's login, logout and session in a real browser: the cookie's attributes, lockout messages, a session
/// that ends on the server (logout, idle, absolute lifetime, a disabled account) and the login page saying why.
/// </summary>
[Collection(ConsoleBrowserCollection.Name)]
public sealed class ConsoleSessionTests(ConsoleBrowser browser)
{
    [Fact]
    public async Task Anonymous_IsSentToTheLoginPage_AndBackAfterLoggingIn()
    {
        await using var server = await RunningServer.StartAsync();
        await server.CreateUserAsync("olga", RunningServer.Password, "operator");
        var page = await browser.NewPageAsync(server);

        await page.GotoAsync("/console?category=system");
        await Expect(page).ToHaveURLAsync(new Regex("/console/login\\?return_url="));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Log in" })).ToBeVisibleAsync();
        await page.ScreenshotAsync("login");

        await page.GetByLabel("User name").FillAsync("olga");
        await page.GetByLabel("Password").FillAsync(RunningServer.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/console\\?category=system$"));
    }

    [Fact]
    public async Task Login_ShowsTheCatalogByCategory_AndTheCookieIsHttpOnlySecureStrict_WithNoTokenInTheBrowser()
    {
        await using var server = await RunningServer.StartAsync();
        var page = await browser.NewPageAsync(server);
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/console/login"));
        await page.LoginAsNewUserAsync(server, "olga", "operator");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Commands", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("li.template[data-template=disk_usage]")).ToBeVisibleAsync();
        await Expect(page.Locator("section.category h2").First).ToBeVisibleAsync();
        await page.ScreenshotAsync("catalog");

        var cookies = await page.Context.CookiesAsync();
        var session = Assert.Single(cookies, c => c.Name == "secureexec_session");
        Assert.True(session.HttpOnly);
        Assert.True(session.Secure);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.Equal(-1, session.Expires); // a browser-session cookie; the server decides when the session ends
        Assert.All(cookies, c => Assert.DoesNotContain("eyJ", c.Value, StringComparison.Ordinal)); // no JWT anywhere
        Assert.Equal("", await page.EvaluateAsync<string>("document.cookie"));
    }

    [Fact]
    public async Task WrongPassword_SaysSo_AndRepeatedFailures_SayTheAccountIsLocked()
    {
        await using var server = await RunningServer.StartAsync();
        await server.CreateUserAsync("olga", RunningServer.Password, "operator");
        var page = await browser.NewPageAsync(server);

        await page.LoginAsync("olga", "wrong");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The user name or password is wrong.");
        await Expect(page.GetByLabel("Password")).ToHaveValueAsync("");
        await Expect(page.GetByLabel("User name")).ToHaveValueAsync("olga");
        await page.ScreenshotAsync("login-failed");
        for (var i = 0; i < 4; i++)
        {
            await page.LoginAsync("olga", "wrong");
        }

        await page.LoginAsync("olga");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(new Regex("^Too many failed logins. Try again in 1[45] minutes.$"));
        var failures = await server.AuditRecordsAsync(r => r.Action == AuditActions.LoginFailed);
        Assert.Contains(failures, r => r.DetailsJson.Contains("\"channel\":\"console\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Logout_EndsTheSessionOnTheServer_SoACopiedCookieNoLongerWorks()
    {
        await using var server = await RunningServer.StartAsync();
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "olga", "operator");
        var copied = (await page.Context.CookiesAsync()).Single(c => c.Name == "secureexec_session");

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/console/login\\?signed_out=1$"));
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("You have logged out.");

        var replay = await browser.NewPageAsync(server);
        await replay.Context.AddCookiesAsync([new Cookie
        {
            Name = copied.Name, Value = copied.Value, Domain = copied.Domain, Path = copied.Path, Secure = true, HttpOnly = true, SameSite = SameSiteAttribute.Strict,
        }]);
        await replay.GotoAsync("/console");
        await Expect(replay).ToHaveURLAsync(new Regex("/console/login"));
    }

    [Fact]
    public async Task IdleSession_Ends_AndTheLoginPageSaysSo()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await RunningServer.StartAsync(s => s.AddSingleton<TimeProvider>(clock));
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "olga", "operator");

        clock.Advance(TimeSpan.FromMinutes(20));
        await page.GotoAsync("/console");
        await Expect(page).ToHaveURLAsync(new Regex("/console$")); // 20 minutes idle: still in, and the session slides

        clock.Advance(TimeSpan.FromMinutes(20));
        await page.GotoAsync("/console");
        await Expect(page).ToHaveURLAsync(new Regex("/console$")); // 40 minutes in, 20 idle

        clock.Advance(TimeSpan.FromMinutes(31));
        await page.GotoAsync("/console");
        await Expect(page).ToHaveURLAsync(new Regex("/console/login"));
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your session has ended. Log in again to continue.");
    }

    [Fact]
    public async Task Session_EndsAtItsMaximumLifetime_HoweverActive()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await RunningServer.StartAsync(s => s.AddSingleton<TimeProvider>(clock), "--SecureExec:Console:MaxSessionLifetime=01:00:00");
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "olga", "operator");
        for (var i = 0; i < 3; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(19));
            await page.GotoAsync("/console");
            await Expect(page).ToHaveURLAsync(new Regex("/console$"));
        }

        clock.Advance(TimeSpan.FromMinutes(4));
        await page.GotoAsync("/console");
        await Expect(page).ToHaveURLAsync(new Regex("/console/login"));
    }

    [Fact]
    public async Task DisablingTheUser_EndsTheirSession_AtTheNextRequest()
    {
        await using var server = await RunningServer.StartAsync();
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "olga", "operator");

        await using (var scope = server.App.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            await accounts.SetDisabledAsync("olga", true, AdminActor.Cli(), CancellationToken.None);
        }

        await page.GotoAsync("/console");
        await Expect(page).ToHaveURLAsync(new Regex("/console/login"));
    }

    [Fact]
    public async Task ReturnUrl_LeadsOnlyToConsolePages()
    {
        await using var server = await RunningServer.StartAsync();
        await server.CreateUserAsync("olga", RunningServer.Password, "operator");
        foreach (var target in new[] { "https://attacker.example/", "//attacker.example/console", "/console\\..\\x", "/audit/logs" })
        {
            var page = await browser.NewPageAsync(server);
            await page.LoginAsync("olga", returnUrl: target);
            await Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(server.BaseAddress.ToString().TrimEnd('/')) + "/console$"));
            await page.Context.CloseAsync();
        }
    }
}
