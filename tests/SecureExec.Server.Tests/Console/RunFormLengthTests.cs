using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SecureExec.Server.Tests.Jobs;
using static Microsoft.Playwright.Assertions;

namespace SecureExec.Server.Tests.Console;

/// <summary>
/// The run form counts a value's length as the server does, in characters (code points), not in the browser's UTF-16
/// code units: an emoji is one character, so a value of the allowed length is accepted and one too short is refused in
/// the browser, as the server would.
/// </summary>
[Collection(ConsoleBrowserCollection.Name)]
public sealed class RunFormLengthTests(ConsoleBrowser browser)
{
    private const string Template = """

          short_text:
            command: ["printf", "%s", "{text}"]
            description: "Prints two or three characters"
            category: "test"
            parameters:
              text: {type: string, allow_shell_syntax: true, min_length: 2, max_length: 3}
            permissions: {required_scopes: ["test:run"], max_execution_time: 15}
            max_processes: 4
        """;

    [Fact]
    public async Task ValueOfTheMaximumLength_InCharactersBeyondTheBasicPlane_IsSubmittedWhole_AndRuns()
    {
        await using var server = await StartAsync();
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "olga", "tester");
        await page.GotoAsync("/console/run/short_text");

        var text = page.GetByLabel("text", new() { Exact = true });
        await text.FillAsync("😀😀😀");
        await text.BlurAsync();
        await Expect(page.Locator("#param-text-error")).ToBeEmptyAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Run" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/console/jobs/[0-9a-f]{32}$"));
        var job = await server.JobAsync(page.JobIdOf());
        Assert.Contains("😀😀😀", job!.ParametersForLogJson.Replace("\\uD83D\\uDE00", "😀", StringComparison.OrdinalIgnoreCase), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValueShorterThanTheMinimum_InCharacters_IsRefusedInTheBrowser()
    {
        await using var server = await StartAsync();
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "olga", "tester");
        await page.GotoAsync("/console/run/short_text");

        var text = page.GetByLabel("text", new() { Exact = true });
        await text.FillAsync("😀");
        await text.BlurAsync();
        await Expect(text).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#param-text-error")).ToContainTextAsync("at least 2 characters");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/console/run/short_text$"));
        Assert.Equal(0, await server.JobCountAsync());
    }

    private static Task<RunningServer> StartAsync() => RunningServer.StartAsync(
        $"--SecureExec:Catalog:Path={ServerTestSupport.WriteTemp(JobsTestSupport.TestCatalog + Template)}",
        $"--SecureExec:Permissions:Path={ServerTestSupport.WriteTemp(JobsTestSupport.TestPermissions)}");
}
