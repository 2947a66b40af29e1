using Microsoft.Extensions.DependencyInjection;
using SecureExec.Core.Audit;
using SecureExec.Server.Auth.Accounts;
using SecureExec.Server.Cli;
using static SecureExec.Server.Tests.Auth.Accounts.AdminTestSupport;
using static SecureExec.Server.Tests.ServerTestSupport;

namespace SecureExec.Server.Tests.Auth.Accounts;

public sealed class AdminBootstrapTests
{
    private const string Enabled = "--SecureExec:Bootstrap:Enabled=true";

    [Fact]
    public async Task FirstStart_WithPasswordFromEnvironment_CreatesAdminWhoLogsInWithIt()
    {
        await using var server = await RunningServer.StartOnAsync(NewDataDirectory(), Enabled, $"--{BootstrapOptions.PasswordVariable}=the first admin password");

        var token = await server.AccessTokenAsync("admin", "the first admin password");

        using var admin = server.Client(token);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await admin.GetAsync("/admin/users")).StatusCode);
        var entry = Assert.Single(await AuditAsync(server.DataDirectory), e => e.Action == AuditActions.UserCreated);
        Assert.Equal(AdminActor.BootstrapSubject, entry.Subject);
        Assert.DoesNotContain("the first admin password", entry.DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FirstStart_WithoutPassword_PrintsARandomOneOnceToTheOperatorConsole_AndNotAgainOnRestart()
    {
        var dir = NewDataDirectory();
        var console = new StringWriter();
        await StartAndStopCapturingAsync(dir, console);
        var password = console.ToString().Split('\n').Single(l => l.Contains("password: ", StringComparison.Ordinal)).Split("password: ")[1].Trim();
        var again = new StringWriter();
        await StartAndStopCapturingAsync(dir, again);

        Assert.True(password.Length >= 12);
        Assert.Empty(again.ToString());
        await using var server = await RunningServer.StartOnAsync(dir);
        await server.AccessTokenAsync("admin", password);
        Assert.Single(await AuditAsync(dir), a => a.Action == AuditActions.UserCreated);
    }

    [Fact]
    public async Task Start_WithUsersAlready_CreatesNoAdmin()
    {
        var dir = NewDataDirectory();
        Assert.Equal(0, RunCli(dir, "users", "add", "first", "--role", "viewer").Exit);

        await using var server = await RunningServer.StartOnAsync(dir, Enabled, $"--{BootstrapOptions.PasswordVariable}=the first admin password");

        Assert.Null(await UserAsync(dir, "admin"));
    }

    [Fact]
    public void Serve_WithAnAdminPasswordBreakingTheRules_RefusesToStart()
    {
        var (exit, _, errors) = Invoke(["serve", .. ServeArguments(Enabled, $"--{BootstrapOptions.PasswordVariable}=short")]);

        Assert.Equal(2, exit);
        Assert.Contains($"{BootstrapOptions.PasswordVariable}: must be 12 to 1024 characters", errors, StringComparison.Ordinal);
    }

    /// <summary>Starts and stops the server with the bootstrap on and its operator console captured.</summary>
    private static async Task StartAndStopCapturingAsync(string dataDirectory, StringWriter console)
    {
        var app = ServeCommand.BuildApp(ServeArguments([$"--SecureExec:DataDirectory={dataDirectory}", "--SecureExec:Auth:PasswordHashCost=4", Enabled]));
        app.Services.GetRequiredService<OperatorConsole>().Error = console;
        await app.StartAsync();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
