using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SecureExec.Core.Audit;
using static Microsoft.Playwright.Assertions;

namespace SecureExec.Server.Tests.Console;

/// <summary>
/// The administration pages in a real browser: users and service clients go through the same services as the
/// <c>/admin</c> API, their refusals are shown, secrets are shown once, and a forged cross-site post does nothing.
/// </summary>
[Collection(ConsoleBrowserCollection.Name)]
public sealed class ConsoleAdminTests(ConsoleBrowser browser)
{
    private const string NewPassword = "a long enough new password";

    [Fact]
    public async Task Admin_CreatesAUser_WhoCanThenLogIn_AndTheEntryNamesTheAdmin()
    {
        await using var server = await RunningServer.StartAsync();
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "root", "admin");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Administration" }).ClickAsync();

        await page.GetByLabel("User name").FillAsync("olga");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(NewPassword);
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "operator", Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "created" })).ToContainTextAsync("User olga created with roles operator.");
        await Expect(page.Locator("tr[data-user=olga]")).ToContainTextAsync("enabled");
        await page.ScreenshotAsync("admin-users");
        var created = Assert.Single(await server.AuditRecordsAsync(r => r.Action == AuditActions.UserCreated));
        Assert.Equal(await server.UserIdAsync("root"), created.Subject);

        var olga = await browser.NewPageAsync(server);
        await olga.LoginAsync("olga", NewPassword);
        await Expect(olga.GetByRole(AriaRole.Heading, new() { Name = "Commands", Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task CreateUser_WithoutAPassword_ShowsTheGeneratedOneOnce_WhichWorks()
    {
        await using var server = await RunningServer.StartAsync();
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "root", "admin");
        await page.GotoAsync("/console/admin");
        await page.GetByLabel("User name").FillAsync("victor");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "viewer", Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();

        var password = await page.Locator("#generated-password").TextContentAsync();
        Assert.Matches("^[A-Za-z0-9_-]{24}$", password);
        await page.GotoAsync("/console/admin");
        await Expect(page.Locator("#generated-password")).ToHaveCountAsync(0);
        await Expect(page.GetByText(password!)).ToHaveCountAsync(0);

        var victor = await browser.NewPageAsync(server);
        await victor.LoginAsync("victor", password!);
        await Expect(victor.GetByRole(AriaRole.Heading, new() { Name = "Commands", Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task CreateUser_WithBrokenRules_ShowsEachFieldsMessage_AndCreatesNothing()
    {
        await using var server = await RunningServer.StartAsync();
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "root", "admin");
        await page.GotoAsync("/console/admin");
        await page.GetByLabel("User name").FillAsync("bad name!");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Please correct the fields marked below.");
        await Expect(page.Locator("#new-name-error")).ToContainTextAsync("may contain only letters");
        await Expect(page.Locator("#new-password-error")).ToContainTextAsync("must be at least 12 characters");
        await Expect(page.Locator("#new-roles-error")).ToContainTextAsync("at least one role is required");
        await Expect(page.GetByLabel("User name")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("User name")).ToHaveValueAsync("bad name!");
        Assert.Empty(await server.AuditRecordsAsync(r => r.Action == AuditActions.UserCreated));

        await page.GetByLabel("User name").FillAsync("ROOT");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "viewer", Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("A user named 'ROOT' already exists (names are compared ignoring case).");
    }

    [Fact]
    public async Task Admin_DisablesALoggedInUser_WhoseNextPageLoadLandsOnTheLoginPage_ThenEnablesThem()
    {
        await using var server = await RunningServer.StartAsync();
        var olga = await browser.NewPageAsync(server);
        await olga.LoginAsNewUserAsync(server, "olga", "operator");
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "root", "admin");
        await page.GotoAsync("/console/admin");

        await page.GetByRole(AriaRole.Link, new() { Name = "olga" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Disable user" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("olga is disabled: their console sessions and tokens have ended.");
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("disabled");
        await olga.GotoAsync("/console");
        await Expect(olga).ToHaveURLAsync(new Regex("/console/login"));
        await olga.LoginAsync("olga");
        await Expect(olga.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The user name or password is wrong.");
        Assert.Equal(0, await server.ConsoleSessionsOfAsync("olga"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Enable user" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("olga is enabled");
        await olga.LoginAsync("olga");
        await Expect(olga.GetByRole(AriaRole.Heading, new() { Name = "Commands", Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task DisablingTheLastAdministrator_IsRefused_WithTheServicesMessage()
    {
        await using var server = await RunningServer.StartAsync();
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "root", "admin");
        await page.GotoAsync("/console/admin/users/root");

        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Disable user" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(409, response.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("'root' is the last enabled administrator: add or enable another one first.");
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("enabled");
        await page.GotoAsync("/console/admin");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Administration" })).ToBeVisibleAsync(); // still logged in
        Assert.Empty(await server.AuditRecordsAsync(r => r.Action == AuditActions.UserDisabled));
    }

    [Fact]
    public async Task Admin_ChangesRoles_AndResetsAPassword_ShownOnce()
    {
        await using var server = await RunningServer.StartAsync();
        await server.CreateUserAsync("olga", RunningServer.Password, "viewer");
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "root", "admin");
        await page.GotoAsync("/console/admin/users/olga");

        await page.GetByRole(AriaRole.Checkbox, new() { Name = "auditor", Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save roles" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Roles of olga saved: viewer, auditor.");
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "auditor", Exact = true })).ToBeCheckedAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Reset password" }).ClickAsync();
        var password = await page.Locator("#generated-password").TextContentAsync();
        var olga = await browser.NewPageAsync(server);
        await olga.LoginAsync("olga", password!);
        await Expect(olga.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Audit" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Admin_AddsAServiceClient_SeesItsSecretOnce_WhichGetsAToken_ThenRemovesIt()
    {
        await using var server = await RunningServer.StartAsync();
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "root", "admin");
        await page.GotoAsync("/console/admin");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Administration" }).GetByRole(AriaRole.Link, new() { Name = "Service clients" }).ClickAsync();

        await page.GetByLabel("Client id").FillAsync("backup-agent");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "viewer", Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add client" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Copy the client secret now");
        var secret = await page.Locator("#client-secret").TextContentAsync();
        await Expect(page.Locator("tr[data-client=backup-agent]")).ToContainTextAsync("viewer");
        await page.ScreenshotAsync("admin-clients");
        using (var token = await server.ClientCredentialsAsync("backup-agent", secret!))
        {
            Assert.Equal(200, (int)token.StatusCode);
        }

        await page.GotoAsync("/console/admin/clients");
        await Expect(page.Locator("#client-secret")).ToHaveCountAsync(0);
        await Expect(page.GetByText(secret!)).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "backup-agent" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove client" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Client backup-agent removed");
        using var refused = await server.ClientCredentialsAsync("backup-agent", secret!);
        Assert.Equal(401, (int)refused.StatusCode);
    }

    [Fact]
    public async Task Admin_RotatesTheSigningKey_AndTheRotationIsAudited()
    {
        await using var server = await RunningServer.StartAsync();
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "root", "admin");
        await page.GotoAsync("/console/admin/keys");
        await Expect(page.Locator("ul.keys li")).ToHaveCountAsync(1);

        await page.GetByRole(AriaRole.Button, new() { Name = "Rotate signing key" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("New signing key signing-");
        await Expect(page.Locator("ul.keys li")).ToHaveCountAsync(2);
        var rotated = Assert.Single(await server.AuditRecordsAsync(r => r.Action == AuditActions.SigningKeyRotated));
        Assert.Equal(await server.UserIdAsync("root"), rotated.Subject);
    }

    [Fact]
    public async Task CrossSiteFormPost_ToCreateUser_CreatesNothing()
    {
        await using var server = await RunningServer.StartAsync();
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "root", "admin");
        await page.ServeAttackerPageAsync(server, "/console/admin");

        // The session cookie is SameSite=Strict, so the browser does not even send it: the post is anonymous.
        var response = await page.RunAndWaitForResponseAsync(() => page.GotoAsync(ConsoleAdminTestSupport.AttackerPage), r => r.Request.Method == "POST");
        Assert.Equal(server.BaseAddress.Authority, new Uri(response.Url).Authority);
        await Expect(page).ToHaveURLAsync(new Regex("/console/login"));

        // A browser that ignored SameSite would send it: then the missing antiforgery token refuses the post with 400.
        await page.WeakenSessionCookieAsync();
        response = await page.RunAndWaitForResponseAsync(() => page.GotoAsync(ConsoleAdminTestSupport.AttackerPage), r => r.Request.Method == "POST");
        Assert.Equal(400, response.Status);

        Assert.False(await server.UserExistsAsync("mallory"));
        Assert.Empty(await server.AuditRecordsAsync(r => r.Action == AuditActions.UserCreated));
    }

    [Fact]
    public async Task AdminFormPost_WithTheSessionButNoAntiforgeryToken_Is400()
    {
        await using var server = await RunningServer.StartAsync();
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "root", "admin");
        var form = page.Context.APIRequest.CreateFormData();
        form.Set("_handler", "create-user");
        form.Set("name", "mallory");
        form.Set("roles", "admin");

        var response = await page.Context.APIRequest.PostAsync("/console/admin", new() { Form = form });

        Assert.Equal(400, response.Status);
        Assert.False(await server.UserExistsAsync("mallory"));
    }
}
