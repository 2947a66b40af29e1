using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureExec.Server.Cli;
using SecureExec.Server.Storage;
using static SecureExec.Server.Tests.ServerTestSupport;

namespace SecureExec.Server.Tests.Storage;

public sealed class MigrationTests
{
    [Fact]
    public async Task Migrations_CoverTheWholeModel()
    {
        await using var server = await RunningServer.StartAsync();
        await using var scope = server.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();

        Assert.False(db.Database.HasPendingModelChanges(), "the model changed without a migration: run scripts/new-migration.sh NAME");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public void Serve_WithoutMigrateOnStart_OnAFreshDatabase_RefusesToStartAndSaysHowToMigrate()
    {
        var (exit, _, errors) = Invoke(["serve", .. ServeArguments("--SecureExec:Storage:MigrateOnStart=false")]);

        Assert.Equal(2, exit);
        Assert.Contains("run 'secureexec db migrate'", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_WithAnUnknownStorageProvider_RefusesToStart()
    {
        var (exit, _, errors) = Invoke(["serve", .. ServeArguments("--SecureExec:Storage:Provider=oracle")]);

        Assert.Equal(2, exit);
        Assert.Contains("SecureExec:Storage:Provider 'oracle' is not supported", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void DbMigrate_ThenAServerWithoutMigrateOnStart_PassesItsStartupChecks()
    {
        var arguments = ServeArguments("--SecureExec:Storage:MigrateOnStart=false");

        var (exit, output, _) = Invoke(["db", "migrate", .. arguments.Where(a => a.StartsWith("--SecureExec:", StringComparison.Ordinal))]);
        var app = ServeCommand.BuildApp(arguments);
        var errors = new StringWriter();

        Assert.Equal(0, exit);
        Assert.Matches("applied [1-9][0-9]* migration\\(s\\)", output);
        Assert.True(app.Services.GetRequiredService<StartupChecks>().Passed(errors), errors.ToString());
    }
}
