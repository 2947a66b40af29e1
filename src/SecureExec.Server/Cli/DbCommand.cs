using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Cli;

/// <summary><c>db migrate</c>: bring the database schema up to date (what the server does at start) and say what changed.</summary>
internal static class DbCommand
{
    public static Command Build()
    {
        var migrate = new Command("migrate", "Apply pending migrations to the configured database.");
        migrate.SetAdminAction(
            async (session, _, ct) =>
            {
                var options = session.Get<StorageOptions>();
                DataDirectory.Ensure(options.DataDirectory);
                var db = session.Get<SecureExecDbContext>();
                var output = session.Output;
                var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
                await StorageInitializer.MigrateAsync(db, ct);
                output.WriteLine(pending.Count == 0
                    ? "the schema is up to date: no migration to apply"
                    : $"applied {pending.Count} migration(s): {string.Join(", ", pending)}");
                output.WriteLine($"database: {options.Describe()}");
                return AdminHost.Ok;
            },
            migrate: false);

        return new Command("db", "Manage the server's database.") { migrate };
    }
}
