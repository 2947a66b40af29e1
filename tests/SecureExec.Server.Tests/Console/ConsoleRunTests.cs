using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SecureExec.Core.Audit;
using static Microsoft.Playwright.Assertions;

namespace SecureExec.Server.Tests.Console;

/// <summary>
/// Running a template from the console and watching it, in a real browser against the real sandbox: the form's
/// browser-side and server-side errors, live output before the job ends, ANSI colours, cancelling, and forms posted
/// from another site.
/// </summary>
[Collection(ConsoleBrowserCollection.Name)]
public sealed class ConsoleRunTests(ConsoleBrowser browser)
{
    [Fact]
    public async Task BrowserSideError_IsShownNextToTheField_AndNothingIsSubmitted()
    {
        await using var server = await ConsoleRunTestSupport.StartAsync();
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "olga", "tester");
        await page.GotoAsync("/console/run/grep_log");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "grep_log" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("max_matches (optional)")).ToHaveValueAsync("500");
        await page.ScreenshotAsync("run-form");

        await page.GetByRole(AriaRole.Button, new() { Name = "Run" }).ClickAsync();
        var text = page.GetByLabel("text", new() { Exact = true });
        await Expect(text).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#param-text-error")).Not.ToBeEmptyAsync();
        await Expect(text).ToBeFocusedAsync();

        await text.FillAsync("a;b");
        await text.BlurAsync();
        await Expect(page.Locator("#param-text-error")).ToContainTextAsync("Use only the characters described above.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/console/run/grep_log$"));
        Assert.Equal(0, await server.JobCountAsync());
        Assert.Empty(await server.AuditRecordsAsync(a => a.Action == AuditActions.JobRejected));

        await text.FillAsync("error");
        await text.BlurAsync();
        await Expect(page.Locator("#param-text-error")).ToBeEmptyAsync();
        await Expect(text).Not.ToHaveAttributeAsync("aria-invalid", "true");
    }

    [Fact]
    public async Task ServerSideError_IsShownUnderTheField_WithTheValuesKept_AndAudited()
    {
        await using var server = await ConsoleRunTestSupport.StartAsync();
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "olga", "tester");
        await page.GotoAsync("/console/run/grep_log");

        await page.GetByLabel("text", new() { Exact = true }).FillAsync("error");
        await page.GetByLabel("logfile").FillAsync("/var/log/../../etc/shadow");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run" }).ClickAsync();

        await Expect(page.Locator("#param-logfile-error")).ToHaveTextAsync("logfile must not contain '..' segments.");
        await Expect(page.GetByLabel("logfile")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The server refused a value");
        await Expect(page.GetByLabel("text", new() { Exact = true })).ToHaveValueAsync("error");
        await Expect(page.GetByLabel("logfile")).ToHaveValueAsync("/var/log/../../etc/shadow");
        await page.ScreenshotAsync("run-form-errors");

        await page.GetByLabel("logfile").FillAsync("-rf");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run" }).ClickAsync();
        await Expect(page.Locator("#param-logfile-error")).ToHaveTextAsync("logfile must not start with '-' (it would be read as an option).");

        Assert.Equal(0, await server.JobCountAsync());
        var rejected = await server.AuditRecordsAsync(a => a.Action == AuditActions.JobRejected);
        Assert.Equal(2, rejected.Count);
        Assert.Contains("path_traversal", rejected[0].DetailsJson, StringComparison.Ordinal);
        Assert.Equal(2, (await server.AuditRecordsAsync(a => a.Action == AuditActions.InjectionAttempt)).Count);
    }

    [Fact]
    public async Task ATemplateTheUserMayNotRun_Answers403_LikeAnUnknownOne()
    {
        await using var server = await ConsoleRunTestSupport.StartAsync();
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "olga", "tester");

        foreach (var name in new[] { "admin_only", "no_such_template" })
        {
            var response = await page.GotoAsync("/console/run/" + name);
            Assert.Equal(403, response!.Status);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
        }

        Assert.Single(await server.AuditRecordsAsync(a => a.Action == AuditActions.Denied && a.Template == "admin_only"));
        Assert.Single(await server.AuditRecordsAsync(a => a.Action == AuditActions.UnknownCommand));
    }

    [Fact]
    public async Task LiveOutput_AppearsBeforeTheJobEnds_BothStreams_AndCancelStopsIt()
    {
        await using var server = await ConsoleRunTestSupport.StartAsync();
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "olga", "tester");
        await page.GotoAsync("/console/run/drip");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/console/jobs/[0-9a-f]{32}$"));
        var id = page.JobIdOf();

        // drip prints, then waits until cancelled: its lines are on the page, from the live stream, while it still runs.
        await Expect(page.Locator("[data-output][data-live=true]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-output] .out-stdout").First).ToContainTextAsync("/usr/bin/env");
        await Expect(page.Locator("[data-output] .out-stderr").First).ToContainTextAsync("No such file or directory");
        await Expect(page.Locator("[data-job-status]")).ToHaveTextAsync("running");
        Assert.Equal("running", (await server.JobAsync(id))!.Status);
        await page.ScreenshotAsync("job-live");

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel job" }).ClickAsync();
        await Expect(page.Locator("[data-job-status]")).ToHaveTextAsync("cancelled");
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("cancelled");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel job" })).ToBeHiddenAsync();
        Assert.Equal("cancelled", (await server.JobAsync(id))!.Status);
        Assert.Single(await server.AuditRecordsAsync(a => a.Action == AuditActions.JobCancelled && a.JobId == id));
    }

    [Fact]
    public async Task JobPage_OnAPhone_ShowsLiveOutput()
    {
        await using var server = await ConsoleRunTestSupport.StartAsync();
        var page = await browser.NewPageAsync(server, new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true });
        await page.LoginAsNewUserAsync(server, "olga", "tester");
        await page.GotoAsync("/console/run/drip");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run" }).ClickAsync();
        await Expect(page.Locator("[data-output] .out-stderr").First).ToContainTextAsync("No such file or directory");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways on a phone");
        await page.ScreenshotAsync("job-live-phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel job" }).ClickAsync();
        await Expect(page.Locator("[data-job-status]")).ToHaveTextAsync("cancelled");
    }

    [Fact]
    public async Task AnsiColours_AreRenderedAsClasses_WithNoEscapeCharacterInThePage_AndTheFinishedJobsFacts()
    {
        await using var server = await ConsoleRunTestSupport.StartAsync();
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "olga", "tester");
        await page.GotoAsync("/console/run/colours");
        await page.GetByLabel("format").FillAsync("\\033[31mred\\033[0m plain \\033[1;32mbold green\\033[0m \\033]0;title\\007<b>not markup</b>\\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run" }).ClickAsync();

        await Expect(page.Locator("[data-job-status]")).ToHaveTextAsync("succeeded");
        await Expect(page.Locator("[data-output] span.ansi-fg-1")).ToHaveTextAsync("red");
        await Expect(page.Locator("[data-output] span.ansi-bold.ansi-fg-2")).ToHaveTextAsync("bold green");
        await Expect(page.Locator("[data-output]")).ToHaveTextAsync("red plain bold green <b>not markup</b>");
        await Expect(page.Locator("[data-output] b")).ToHaveCountAsync(0);
        Assert.False(await page.EvaluateAsync<bool>("document.documentElement.outerHTML.includes('\\x1b')"));
        await Expect(page.Locator("[data-fact=exit_code]")).ToHaveTextAsync("0");
        await Expect(page.Locator("[data-fact=output]")).ToContainTextAsync("stdout");
        await page.ScreenshotAsync("job-done");

        // Without the script, the stored output is shown with the escape sequences removed.
        var plain = await browser.NewPageAsync(server, new BrowserNewContextOptions { JavaScriptEnabled = false });
        await plain.LoginAsync("olga");
        await plain.GotoAsync(page.Url);
        await Expect(plain.Locator("[data-output]")).ToHaveTextAsync("red plain bold green <b>not markup</b>");
        Assert.DoesNotContain("\u001b", await plain.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CrossSiteFormPosts_NeitherCancelNorRun()
    {
        await using var server = await ConsoleRunTestSupport.StartAsync();
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "olga", "tester");
        await page.GotoAsync("/console/run/drip");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run" }).ClickAsync();
        await Expect(page.Locator("[data-job-status]")).ToHaveTextAsync("running");
        var id = page.JobIdOf();
        var origin = server.BaseAddress.ToString().TrimEnd('/');
        var jobs = await server.JobCountAsync();

        // A page on another site that submits forms to the console as soon as it loads.
        await page.RouteAsync("http://attacker.test/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = $"""
                <form id="cancel" method="post" action="{origin}/console/jobs/{id}"><input name="_handler" value="cancel"></form>
                <script>document.getElementById("cancel").submit();</script>
                """,
        }));
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GotoAsync("http://attacker.test/"), r => r.Url.StartsWith(origin, StringComparison.Ordinal) && r.Request.Method == "POST");
        // SameSite=Strict keeps the session cookie off a cross-site post: the server sees nobody and sends it to log in.
        Assert.NotInRange(answer.Status, 200, 299);
        Assert.Equal("running", (await server.JobAsync(id))!.Status);

        // Even with the cookie (a same-site attacker, or a browser without SameSite), no antiforgery token means 400.
        using var client = await page.SessionClientAsync(server);
        client.DefaultRequestHeaders.Add("Origin", "http://attacker.test");
        using var cancel = await client.PostAsync($"/console/jobs/{id}", new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "cancel" }));
        Assert.Equal(HttpStatusCode.BadRequest, cancel.StatusCode);
        using var run = await client.PostAsync("/console/run/colours", new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "run", ["p.format"] = "x" }));
        Assert.Equal(HttpStatusCode.BadRequest, run.StatusCode);

        Assert.Equal("running", (await server.JobAsync(id))!.Status);
        Assert.Equal(jobs, await server.JobCountAsync());
        Assert.Empty(await server.AuditRecordsAsync(a => a.Action == AuditActions.JobCancelled));
    }
}
