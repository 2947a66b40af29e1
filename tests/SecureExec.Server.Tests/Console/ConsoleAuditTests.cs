using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SecureExec.Core.Audit;
using SecureExec.Server.Tests.Audit;
using static Microsoft.Playwright.Assertions;

namespace SecureExec.Server.Tests.Console;

/// <summary>
/// The audit page in a real browser: who may reach it, the entries and their filters, chain verification, and an
/// export that verifies offline with <c>audit verify --file</c>.
/// </summary>
[Collection(ConsoleBrowserCollection.Name)]
public sealed class ConsoleAuditTests(ConsoleBrowser browser)
{
    [Theory]
    [InlineData("/console/audit", "operator", "audit:read", "Audit")]
    [InlineData("/console/audit", "admin-less", "audit:read", "Audit")]
    [InlineData("/console/admin", "operator", "admin", "Administration")]
    [InlineData("/console/admin", "auditor", "admin", "Administration")]
    [InlineData("/console/admin/clients", "auditor", "admin", "Administration")]
    [InlineData("/console/admin/users/olga", "auditor", "admin", "Administration")]
    [InlineData("/console/admin/keys", "operator", "admin", "Administration")]
    public async Task PageNeedingAScope_WithoutIt_IsNotInTheNav_AndIsRefusedWith403_AndAudited(string path, string role, string scope, string navLink)
    {
        await using var server = await RunningServer.StartAsync();
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "olga", role == "admin-less" ? "network-operator" : role);
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = navLink })).ToHaveCountAsync(0);

        var response = await page.GotoAsync(path);

        Assert.Equal(403, response!.Status);
        await Expect(page).ToHaveURLAsync(new Regex("/console/denied"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
        var denied = await server.AuditRecordsAsync(r => r.Action == AuditActions.Denied);
        Assert.Contains(denied, r => r.DetailsJson.Contains($"\"required_scope\":\"{scope}\"", StringComparison.Ordinal)
            && r.DetailsJson.Contains($"\"path\":\"{path}\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExportRoute_WithoutAuditRead_IsRefused_AndWritesNoExportEntry()
    {
        await using var server = await RunningServer.StartAsync();
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "olga", "operator");

        var response = await page.Context.APIRequest.PostAsync("/console/audit/export", new() { MaxRedirects = 0 });

        Assert.NotEqual(200, response.Status);
        Assert.Empty(await server.AuditRecordsAsync(r => r.Action == AuditActions.AuditExported));
    }

    [Fact]
    public async Task Auditor_SeesEntriesNewestFirst_FiltersThem_AndInvalidFiltersSaySo()
    {
        await using var server = await RunningServer.StartAsync();
        await server.CreateUserAsync("olga", RunningServer.Password, "operator");
        var olga = await browser.NewPageAsync(server);
        await olga.LoginAsync("olga", "wrong password");
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "audrey", "auditor");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Audit" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit log" })).ToBeVisibleAsync();
        var rows = page.Locator("table.audit-entries tbody tr");
        await Expect(rows.First).ToContainTextAsync(AuditActions.LoginSucceeded);
        await Expect(rows.First).ToContainTextAsync("audrey"); // the actor's name, not only their id
        await Expect(page.Locator("table.audit-entries tbody tr", new() { HasText = AuditActions.LoginFailed })).ToHaveCountAsync(1);
        await page.ScreenshotAsync("audit");

        await page.GetByLabel("Action").SelectOptionAsync(AuditActions.LoginFailed);
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("action=auth.login_failed"));
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("failure");

        await page.GotoAsync("/console/audit");
        await page.GetByLabel("Actor").FillAsync("audrey");
        await page.GetByLabel("Outcome").SelectOptionAsync("success");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync(AuditActions.LoginSucceeded);

        await page.GetByLabel("From (UTC)").FillAsync(DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Expect(page.Locator("table.audit-entries caption")).ToHaveTextAsync("No entries match.");

        var invalid = await page.GotoAsync("/console/audit?since=yesterday&outcome=maybe");
        Assert.Equal(400, invalid!.Status);
        var alert = page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("From: must be an ISO 8601 date and time");
        await Expect(alert).ToContainTextAsync("Outcome: must be one of: success, failure, denied");
        await Expect(page.GetByLabel("Outcome")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("table.audit-entries")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Auditor_PagesThroughOlderEntries_WithTheSameCursorsAsTheApi()
    {
        await using var server = await RunningServer.StartAsync();
        await server.WriteAuditAsync([.. Enumerable.Range(1, 60).Select(AuditTestSupport.Sample)]);
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "audrey", "auditor");
        await page.GotoAsync("/console/audit?template=uptime");
        var rows = page.Locator("table.audit-entries tbody tr");
        await Expect(rows).ToHaveCountAsync(30);

        await page.GotoAsync("/console/audit");
        await Expect(rows).ToHaveCountAsync(50);
        await page.GetByRole(AriaRole.Link, new() { Name = "Older entries" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("cursor="));
        await Expect(rows).ToHaveCountAsync(11); // 60 samples and the login, 50 a page
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Older entries" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Newest entries" })).ToBeVisibleAsync();

        var forged = await page.GotoAsync("/console/audit?cursor=not-a-cursor");
        Assert.Equal(400, forged!.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Page: must be a next_cursor value");
    }

    [Fact]
    public async Task Auditor_VerifiesTheChain_AndSeesWhereItBreaks()
    {
        await using var server = await RunningServer.StartAsync();
        await server.WriteAuditAsync([.. Enumerable.Range(1, 3).Select(AuditTestSupport.Sample)]);
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "audrey", "auditor");
        await page.GotoAsync("/console/audit");

        await page.GetByRole(AriaRole.Button, new() { Name = "Verify the chain" }).ClickAsync();
        await Expect(page.Locator("#verify-result")).ToHaveTextAsync(new Regex("^Intact, 4 entries verified"));
        await page.ScreenshotAsync("audit-verified");

        await server.TamperAsync("UPDATE audit_log SET Outcome = 'success' WHERE Sequence = 2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify the chain" }).ClickAsync();
        await Expect(page.Locator("#verify-result")).ToHaveTextAsync(new Regex("^Broken at entry 2 \\(\\w+\\)"));
    }

    [Fact]
    public async Task Auditor_DownloadsTheExport_WhichVerifiesOffline_AndTheExportIsAudited()
    {
        await using var server = await RunningServer.StartAsync();
        await server.WriteAuditAsync([.. Enumerable.Range(1, 5).Select(AuditTestSupport.Sample)]);
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "audrey", "auditor");
        await page.GotoAsync("/console/audit");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download export" }).ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"secureexec-console-export-{Guid.NewGuid():N}.jsonl");
        await download.SaveAsAsync(file);

        Assert.Equal("audit.jsonl", download.SuggestedFilename);
        var lines = await File.ReadAllLinesAsync(file);
        Assert.Equal(6, lines.Length); // 5 samples and the login; the export's own entry follows them
        var (exit, output, _) = ServerTestSupport.Invoke("audit", "verify", "--file", file);
        Assert.True(exit == 0, output);
        var exported = Assert.Single(await server.AuditRecordsAsync(r => r.Action == AuditActions.AuditExported));
        Assert.Contains("\"via\":\"console\"", exported.DetailsJson, StringComparison.Ordinal);
        Assert.Contains("\"entries\":\"6\"", exported.DetailsJson, StringComparison.Ordinal);
        File.Delete(file);
    }

    [Fact]
    public async Task ExportPost_WithoutTheAntiforgeryToken_Is400_AndExportsNothing()
    {
        await using var server = await RunningServer.StartAsync();
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "audrey", "auditor");

        var response = await page.Context.APIRequest.PostAsync("/console/audit/export", new() { Form = page.Context.APIRequest.CreateFormData() });

        Assert.Equal(400, response.Status);
        Assert.Empty(await server.AuditRecordsAsync(r => r.Action == AuditActions.AuditExported));
    }

    [Fact]
    public async Task AuditPage_OnAPhone_FitsTheScreen()
    {
        await using var server = await RunningServer.StartAsync();
        await server.WriteAuditAsync([.. Enumerable.Range(1, 4).Select(AuditTestSupport.Sample)]);
        var page = await browser.NewPageAsync(server, new() { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        await page.LoginAsNewUserAsync(server, "audrey", "auditor");
        await page.GotoAsync("/console/audit");
        await Expect(page.Locator("table.audit-entries tbody tr").First).ToBeVisibleAsync();

        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the page is {width} px wide; only the table should scroll sideways");
        await page.ScreenshotAsync("audit-phone");
    }
}
