using Microsoft.EntityFrameworkCore;

namespace SecureExec.Server.Storage;

/// <summary>
/// The PostgreSQL provider's context: the same model as SQLite, its own migrations (Storage/Migrations/Postgres).
/// Registered as <see cref="SecureExecDbContext"/>, so no feature knows which provider it runs on.
/// </summary>
public sealed class PostgresDbContext(DbContextOptions<PostgresDbContext> options) : SecureExecDbContext(options)
{
    /// <summary>
    /// The transaction-scoped advisory lock every process takes before reading the audit chain's head; its key is
    /// "SECXAUDT" in ASCII. Released by the commit or rollback.
    /// </summary>
    private const string LockAuditChain = "SELECT pg_advisory_xact_lock(6000276124873344084)";

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Byte-order comparison, as SQLite's BINARY: keyset paging (`id < cursor`) and ordering must not depend on
        // the database's locale.
        configurationBuilder.Properties<string>().UseCollation("C");
    }

    internal override async Task LockAuditChainAsync(CancellationToken cancellationToken) =>
        await Database.ExecuteSqlRawAsync(LockAuditChain, cancellationToken);
}
