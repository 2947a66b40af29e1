using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using SecureExec.Server.Audit;
using SecureExec.Server.Auth;
using SecureExec.Server.Jobs;

namespace SecureExec.Server.Storage;

/// <summary>
/// The server's one database: users and service accounts, OpenIddict's applications, authorizations and tokens, jobs,
/// and the audit log. Each feature configures its own entities (<see cref="IEntityTypeConfiguration{TEntity}"/> in its folder).
/// This type is the SQLite provider's context; <see cref="PostgresDbContext"/> derives from it so each provider keeps
/// its own migrations while every feature asks for <see cref="SecureExecDbContext"/>.
/// </summary>
public class SecureExecDbContext : DbContext, IDataProtectionKeyContext
{
    public SecureExecDbContext(DbContextOptions<SecureExecDbContext> options)
        : base(options)
    {
    }

    /// <summary>For a provider's derived context, whose options are typed by that context.</summary>
    protected SecureExecDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>The data-protection keys (console session cookies, antiforgery tokens), shared by every instance.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<UserAccount> Users => Set<UserAccount>();

    public DbSet<ServiceAccount> ServiceAccounts => Set<ServiceAccount>();

    public DbSet<LoginThrottle> LoginThrottles => Set<LoginThrottle>();

    public DbSet<JobRecord> Jobs => Set<JobRecord>();

    public DbSet<AuditRecord> AuditRecords => Set<AuditRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseOpenIddict();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SecureExecDbContext).Assembly);
        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
    }

    /// <summary>
    /// Serializes audit appends across every process on the database, inside the caller's open transaction. SQLite
    /// needs nothing more: EF's transaction there is <c>BEGIN IMMEDIATE</c>, which already holds the write lock.
    /// </summary>
    internal virtual Task LockAuditChainAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
