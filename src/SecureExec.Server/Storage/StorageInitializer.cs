using Microsoft.EntityFrameworkCore;

namespace SecureExec.Server.Storage;

/// <summary>Creates the data directory and brings the database schema up to date before anything else runs.</summary>
internal sealed partial class StorageInitializer(IServiceScopeFactory scopes, StorageOptions options, ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        DataDirectory.Ensure(options.DataDirectory);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        if (options.MigrateOnStart)
        {
            await MigrateAsync(db, cancellationToken);
        }

        Ready(logger, options.Describe() ?? options.Provider, options.FullDataDirectory);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Applies pending migrations; with SQLite also turns on WAL so readers never wait for the writer.</summary>
    public static async Task MigrateAsync(SecureExecDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.MigrateAsync(cancellationToken);

        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Storage ready: {Database}; data directory {DataDirectory}")]
    private static partial void Ready(ILogger logger, string database, string dataDirectory);
}
