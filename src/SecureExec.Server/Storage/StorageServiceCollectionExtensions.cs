using Microsoft.EntityFrameworkCore;
using SecureExec.Server.Audit;
using SecureExec.Server.Cli;

namespace SecureExec.Server.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// The database (SQLite in the data directory by default, or PostgreSQL), migrated at start-up unless
    /// <c>SecureExec:Storage:MigrateOnStart</c> is false, and the audit writer that appends to it. Features ask for
    /// <see cref="SecureExecDbContext"/> whatever the provider.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var options = StorageOptions.From(configuration);
        services.AddSingleton(options);
        if (options.IsPostgreSql)
        {
            // A missing connection string is refused by the start-up checks before the database is used.
            services.AddDbContext<SecureExecDbContext, PostgresDbContext>(db =>
            {
                db.UseNpgsql(options.ConnectionString);
                db.UseOpenIddict();
            });
        }
        else
        {
            services.AddDbContext<SecureExecDbContext>(db =>
            {
                db.UseSqlite(options.SqliteConnectionString);
                db.UseOpenIddict();
            });
        }

        services.AddSingleton<AuditWriter>();
        services.AddHostedService<StorageInitializer>();
        services.AddSingleton<IStartupCheck, SchemaStartupCheck>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return services;
    }
}
