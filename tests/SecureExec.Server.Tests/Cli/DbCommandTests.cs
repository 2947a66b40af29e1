using static SecureExec.Server.Tests.Auth.Accounts.AdminTestSupport;
using static SecureExec.Server.Tests.ServerTestSupport;

namespace SecureExec.Server.Tests.Cli;

public sealed class DbCommandTests
{
    [Fact]
    public void DbMigrate_OnAFreshDirectory_AppliesTheMigrations_ThenHasNothingToDo()
    {
        var dir = NewDataDirectory();

        var first = RunCli(dir, "db", "migrate");
        var second = RunCli(dir, "db", "migrate");

        Assert.Equal(0, first.Exit);
        Assert.Matches("applied [1-9][0-9]* migration\\(s\\): 20261125075751_InitialCreate", first.Output);
        Assert.True(File.Exists(Path.Combine(dir, "secureexec.db")));
        Assert.Equal(0, second.Exit);
        Assert.Contains("no migration to apply", second.Output, StringComparison.Ordinal);
        Assert.Equal(0, RunCli(dir, "users", "list").Exit);
    }
}
