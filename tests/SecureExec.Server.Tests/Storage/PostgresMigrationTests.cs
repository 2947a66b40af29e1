using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureExec.Server.Cli;
using SecureExec.Server.Storage;
using static SecureExec.Server.Tests.ServerTestSupport;

namespace SecureExec.Server.Tests.Storage;

/// <summary>The PostgreSQL migrations: they cover the model, apply to an empty database, and the CLI reports them.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresMigrationTests(PostgresServer postgres)
{
    [Fact]
    public void PostgresMigrations_CoverTheWholeModel()
    {
        var options = new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql("Host=127.0.0.1;Database=unused").UseOpenIddict().Options;
        using var db = new PostgresDbContext(options);

        Assert.False(db.Database.HasPendingModelChanges(), "the model changed without a PostgreSQL migration: run scripts/new-migration.sh NAME");
    }

    [Fact]
    public async Task DbMigrate_OnAnEmptyDatabase_AppliesEveryMigration_ThenHasNothingToDo_AndTheServerPassesItsChecks()
    {
        var arguments = ServeArguments([.. PostgresServer.On(await postgres.CreateDatabaseAsync()), "--SecureExec:Storage:MigrateOnStart=false"]);
        var configuration = arguments.Where(a => a.StartsWith("--SecureExec:", StringComparison.Ordinal)).ToArray();
        var before = new StringWriter();
        var unmigrated = ServeCommand.BuildApp(arguments).Services.GetRequiredService<StartupChecks>().Passed(before);

        var first = Invoke(["db", "migrate", .. configuration]);
        var second = Invoke(["db", "migrate", .. configuration]);
        var app = ServeCommand.BuildApp(arguments);
        var after = new StringWriter();

        Assert.False(unmigrated);
        Assert.Contains("run 'secureexec db migrate'", before.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, first.Exit);
        Assert.Matches("applied [1-9][0-9]* migration\\(s\\): [0-9]+_InitialCreate", first.Output);
        Assert.Contains("database: postgresql database 't_", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.Exit);
        Assert.Contains("no migration to apply", second.Output, StringComparison.Ordinal);
        Assert.True(app.Services.GetRequiredService<StartupChecks>().Passed(after), after.ToString());
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        Assert.IsType<PostgresDbContext>(db);
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("db migrate")]
    public void Postgres_WithoutAConnectionString_IsRefusedWithTheSettingNamed(string command)
    {
        var (exit, _, errors) = Invoke([.. command.Split(' '), .. ServeArguments("--SecureExec:Storage:Provider=postgresql")
            .Where(a => command == "serve" || a.StartsWith("--SecureExec:", StringComparison.Ordinal))]);

        Assert.Equal(2, exit);
        Assert.Contains("SecureExec:Storage:ConnectionString is not set", errors, StringComparison.Ordinal);
    }
}
