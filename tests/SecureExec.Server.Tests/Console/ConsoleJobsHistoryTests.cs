using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SecureExec.Core.Audit;
using SecureExec.Server.Tests.Jobs;
using static Microsoft.Playwright.Assertions;

namespace SecureExec.Server.Tests.Console;

/// <summary>The job history page: the user's own jobs (everyone's with jobs:read:all), its filters and paging, and job pages of others.</summary>
[Collection(ConsoleBrowserCollection.Name)]
public sealed class ConsoleJobsHistoryTests(ConsoleBrowser browser)
{
    [Fact]
    public async Task History_ShowsTheUsersJobsNewestFirst_AndFiltersByTemplateStateAndTime()
    {
        await using var server = await ConsoleRunTestSupport.StartAsync();
        await server.CreateUserAsync("olga", RunningServer.Password, "tester");
        using var olga = server.Client(await server.AccessTokenAsync("olga", RunningServer.Password));
        using var piotr = server.Client(await server.TokenForNewUserAsync("piotr", "tester"));
        var echo = (await olga.RunAsync("echo_literal", new { text = "hello" })).GetProperty("id").GetString()!;
        var count = (await olga.RunAsync("count_to", new { n = 3 })).GetProperty("id").GetString()!;
        var theirs = (await piotr.RunAsync("count_to", new { n = 2 })).GetProperty("id").GetString()!;

        var page = await browser.NewPageAsync(server);
        await page.LoginAsync("olga");
        await page.GetByRole(AriaRole.Link, new() { Name = "Jobs" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Jobs", Exact = true })).ToBeVisibleAsync();
        var rows = page.Locator("tr[data-job-row]");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToHaveAttributeAsync("data-job-row", count);
        await Expect(rows.Nth(1)).ToHaveAttributeAsync("data-job-row", echo);
        await Expect(page.Locator($"tr[data-job-row='{theirs}']")).ToHaveCountAsync(0);
        await page.ScreenshotAsync("jobs-history");

        await page.GetByLabel("Command").SelectOptionAsync("echo_literal");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-job-row", echo);

        await page.GetByLabel("State").SelectOptionAsync("cancelled");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("No jobs match.");

        await page.GotoAsync("/console/jobs?since=2000-01-01T00:00&until=2001-01-01T00:00");
        await Expect(rows).ToHaveCountAsync(0);
        await page.GotoAsync("/console/jobs?since=2000-01-01T00:00");
        await Expect(rows).ToHaveCountAsync(2);

        await rows.Nth(0).GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/console/jobs/{count}$"));
        await Expect(page.Locator("[data-output]")).ToHaveTextAsync("1\n2\n3");

        // Another user's job answers as a missing one would.
        var response = await page.GotoAsync($"/console/jobs/{theirs}");
        Assert.Equal(404, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Job not found" })).ToBeVisibleAsync();

        // Asking for others' jobs without jobs:read:all is refused and audited, as GET /jobs?owner= is.
        response = await page.GotoAsync("/console/jobs?owner=piotr");
        Assert.Equal(403, response!.Status);
        Assert.Single(await server.AuditRecordsAsync(a => a.Action == AuditActions.Denied));
    }

    [Fact]
    public async Task ReaderOfAllJobs_SeesEveryonesJobs_FiltersByOwner_AndPages()
    {
        await using var server = await ConsoleRunTestSupport.StartAsync();
        using var olga = server.Client(await server.TokenForNewUserAsync("olga", "tester"));
        using var piotr = server.Client(await server.TokenForNewUserAsync("piotr", "tester"));
        var ids = new List<string>();
        for (var i = 0; i < 21; i++)
        {
            ids.Add((await olga.RunAsync("count_to", new { n = 1 })).GetProperty("id").GetString()!);
        }

        var theirs = (await piotr.RunAsync("count_to", new { n = 2 })).GetProperty("id").GetString()!;

        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "audrey", "auditor");
        await page.GotoAsync("/console/jobs");
        var rows = page.Locator("tr[data-job-row]");
        await Expect(rows).ToHaveCountAsync(20);
        await Expect(rows.First).ToHaveAttributeAsync("data-job-row", theirs);
        await Expect(rows.First).ToContainTextAsync("piotr");

        await page.GetByRole(AriaRole.Link, new() { Name = "Older jobs" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Last).ToHaveAttributeAsync("data-job-row", ids[0]);

        await page.GotoAsync("/console/jobs");
        await page.GetByLabel("Owner").FillAsync("piotr");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-job-row", theirs);

        // The reader opens another user's job page, but may not cancel it.
        var response = await page.GotoAsync($"/console/jobs/{theirs}");
        Assert.Equal(200, response!.Status);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel job" })).ToBeHiddenAsync();
    }
}
