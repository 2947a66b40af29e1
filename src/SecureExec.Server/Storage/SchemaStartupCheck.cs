using Microsoft.EntityFrameworkCore;
using SecureExec.Server.Cli;

namespace SecureExec.Server.Storage;

/// <summary>
/// With <c>SecureExec:Storage:MigrateOnStart=false</c> the operator migrates (<c>secureexec db migrate</c>); a server
/// on an out-of-date schema refuses to start instead of failing on its first query. An unknown provider, or PostgreSQL
/// without a connection string, is refused too.
/// </summary>
internal sealed class SchemaStartupCheck(IServiceScopeFactory scopes, StorageOptions options) : IStartupCheck
{
    public IEnumerable<string> Problems()
    {
        var configuration = options.Problems().ToList();
        if (configuration.Count > 0)
        {
            foreach (var problem in configuration)
            {
                yield return problem;
            }

            yield break;
        }

        if (options.MigrateOnStart)
        {
            yield break;
        }

        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        List<string> pending;
        string? failure = null;
        try
        {
            pending = [.. db.Database.GetPendingMigrations()];
        }
        catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException)
        {
            pending = [];
            failure = e.Message;
        }

        if (failure is not null)
        {
            yield return $"storage: cannot read the database in {options.Describe()}: {failure}";
        }
        else if (pending.Count > 0)
        {
            yield return $"storage: the database in {options.Describe()} lacks {pending.Count} migration(s) ({string.Join(", ", pending)}); " +
                "run 'secureexec db migrate', or set SecureExec:Storage:MigrateOnStart=true.";
        }
    }
}
