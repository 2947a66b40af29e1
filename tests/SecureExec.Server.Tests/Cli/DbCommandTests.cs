using static SecureExec.Server.Tests.Auth.Accounts.AdminTestSupport;
using static SecureExec.Server.Tests.ServerTestSupport;

namespace SecureExec.Server.Tests.Cli;

public sealed class DbCommandTests
{
    [Fact]
    public void DbMigrate_OnAFreshDirectory_CreatesTheSchema_ThenHasNothingToDo()
    {
        var dir = NewDataDirectory();

        var first = RunCli(dir, "db", "migrate");
        var second = RunCli(dir, "db", "migrate");

        Assert.Equal(0, first.Exit);
        Assert.Contains("created the schema", first.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "secureexec.db")));
        Assert.Equal(0, second.Exit);
        Assert.Contains("nothing to do", second.Output, StringComparison.Ordinal);
        Assert.Equal(0, RunCli(dir, "users", "list").Exit);
    }
}
