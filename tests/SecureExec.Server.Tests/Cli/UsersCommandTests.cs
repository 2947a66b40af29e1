using System.Text.Json;
using SecureExec.Core.Audit;
using SecureExec.Server.Auth.Accounts;
using static SecureExec.Server.Tests.Auth.Accounts.AdminTestSupport;
using static SecureExec.Server.Tests.ServerTestSupport;

namespace SecureExec.Server.Tests.Cli;

/// <summary>The only tests that feed standard input: they live in this one class, so they never run at the same time.</summary>
public sealed class UsersCommandTests
{
    [Fact]
    public async Task UsersAdd_WithPasswordStdin_ThenTheUserLogsInOverHttp()
    {
        var dir = NewDataDirectory();

        var (exit, output, _) = WithStdin("a long enough password\n", () => RunCli(dir, "users", "add", "nora", "--role", "operator", "--role", "viewer", "--password-stdin"));

        Assert.Equal(0, exit);
        Assert.Contains("created user nora (roles: operator, viewer)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("a long enough password", output, StringComparison.Ordinal);
        await using var server = await RunningServer.StartOnAsync(dir);
        await server.AccessTokenAsync("nora", "a long enough password");
        var entry = Assert.Single(await AuditAsync(dir), a => a.Action == AuditActions.UserCreated);
        Assert.Equal(AdminActor.CliSubject, entry.Subject);
        Assert.StartsWith("cli:", entry.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("a long enough password", entry.DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersAdd_WithoutPasswordStdin_PrintsAGeneratedPasswordOnceThatLogsIn()
    {
        var dir = NewDataDirectory();

        var (exit, output, errors) = RunCli(dir, "users", "add", "otto", "--role", "viewer");

        Assert.Equal(0, exit);
        var password = output.Split('\n').Single(l => l.StartsWith("password: ", StringComparison.Ordinal))["password: ".Length..].Trim();
        Assert.Contains("shown once", errors, StringComparison.Ordinal);
        await using var server = await RunningServer.StartOnAsync(dir);
        await server.AccessTokenAsync("otto", password);
        Assert.DoesNotContain(password, RunCli(dir, "users", "list", "--json").Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersPasswd_FromStdin_ReplacesThePasswordAndAudits()
    {
        var dir = NewDataDirectory();
        RunCli(dir, "users", "add", "pia", "--role", "viewer");
        var before = (await UserAsync(dir, "pia"))!;

        var (exit, _, _) = WithStdin("the new password is long\r\n", () => RunCli(dir, "users", "passwd", "pia", "--password-stdin"));

        Assert.Equal(0, exit);
        Assert.NotEqual(before.SecurityStamp, (await UserAsync(dir, "pia"))!.SecurityStamp);
        await using var server = await RunningServer.StartOnAsync(dir);
        await server.AccessTokenAsync("pia", "the new password is long");
        Assert.Contains(await AuditAsync(dir), a => a.Action == AuditActions.PasswordReset);
    }

    [Theory]
    [InlineData("short\n", "password: must be at least 12 characters")]
    [InlineData("", "password: must be at least 12 characters")]
    public void UsersAdd_PasswordBreakingARule_Exits1NamingTheRule(string stdin, string message)
    {
        var dir = NewDataDirectory();

        var (exit, _, errors) = WithStdin(stdin, () => RunCli(dir, "users", "add", "quinn", "--role", "viewer", "--password-stdin"));

        Assert.Equal(1, exit);
        Assert.Contains($"users add: {message}", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("users add 'bad name' --role viewer", "users add: name: may contain only letters")]
    [InlineData("users add ok --role viewer --role wizard", "users add: roles: unknown role 'wizard'")]
    [InlineData("users add ok", "--role")]
    [InlineData("users disable nobody", "users disable: name: no user named 'nobody'")]
    [InlineData("users enable nobody", "users enable: name: no user named 'nobody'")]
    [InlineData("users roles nobody viewer", "users roles: name: no user named 'nobody'")]
    [InlineData("users roles root wizard", "users roles: roles: unknown role 'wizard'")]
    [InlineData("users passwd nobody", "users passwd: name: no user named 'nobody'")]
    [InlineData("users add ROOT --role viewer", "users add: name: a user named 'ROOT' already exists")]
    [InlineData("users list stray", "users list: unexpected argument 'stray'")]
    [InlineData("users frobnicate", "Required command was not provided")]
    public void Users_Refused_Exits1WithAClearMessage(string command, string message)
    {
        var dir = NewDataDirectory();
        Assert.Equal(0, RunCli(dir, "users", "add", "root", "--role", "admin").Exit);

        var (exit, _, errors) = RunCli(dir, Words(command));

        Assert.Equal(1, exit);
        Assert.Contains(message, errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Users_ConfigurationProblem_Exits2()
    {
        var dir = NewDataDirectory();

        var (exit, _, errors) = Invoke(["users", "list", .. CliConfig(dir), "--SecureExec:Permissions:Path=/nonexistent/permissions.yaml"]);

        Assert.Equal(2, exit);
        Assert.Contains("/nonexistent/permissions.yaml", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Users_DataDirectoryUnusable_Exits2()
    {
        var notADirectory = WriteTemp("a file");

        var (exit, _, errors) = Invoke(["users", "list", .. CliConfig(NewDataDirectory()), $"--SecureExec:DataDirectory={notADirectory}"]);

        Assert.Equal(2, exit);
        Assert.Contains("users list: the data store cannot be used", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersDisableEnableRoles_ChangeTheStoreAndAuditEach()
    {
        var dir = NewDataDirectory();
        RunCli(dir, "users", "add", "rita", "--role", "viewer");

        Assert.Equal(0, RunCli(dir, "users", "disable", "rita").Exit);
        Assert.True((await UserAsync(dir, "rita"))!.Disabled);
        Assert.Equal(0, RunCli(dir, "users", "enable", "RITA").Exit);
        Assert.False((await UserAsync(dir, "rita"))!.Disabled);
        Assert.Equal(0, RunCli(dir, "users", "roles", "rita", "operator", "network-operator").Exit);
        Assert.Equal(["operator", "network-operator"], (await UserAsync(dir, "rita"))!.Roles);

        var actions = (await AuditAsync(dir)).Select(a => a.Action).ToList();
        Assert.Equal([AuditActions.UserCreated, AuditActions.UserDisabled, AuditActions.UserEnabled, AuditActions.RoleChanged], actions);
        Assert.True(new AuditVerifier().Verify((await AuditAsync(dir)).Select(a => a.ToEntry())).IsIntact);
    }

    [Fact]
    public void UsersList_Json_ListsUsersWithoutHashes()
    {
        var dir = NewDataDirectory();
        RunCli(dir, "users", "add", "sam", "--role", "viewer");

        var (exit, output, _) = RunCli(dir, "users", "list", "--json");

        Assert.Equal(0, exit);
        var user = Assert.Single(JsonDocument.Parse(output).RootElement.EnumerateArray());
        Assert.Equal("sam", user.GetProperty("name").GetString());
        Assert.DoesNotContain("$2", output, StringComparison.Ordinal);
        Assert.DoesNotContain("hash", output, StringComparison.OrdinalIgnoreCase);
    }

    private static string[] Words(string command) =>
        [.. System.Text.RegularExpressions.Regex.Matches(command, "'[^']*'|\\S+").Select(m => m.Value.Trim('\''))];

    private static T WithStdin<T>(string input, Func<T> run)
    {
        var original = global::System.Console.In;
        global::System.Console.SetIn(new StringReader(input));
        try
        {
            return run();
        }
        finally
        {
            global::System.Console.SetIn(original);
        }
    }
}
