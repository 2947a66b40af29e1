using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using SecureExec.Server.Audit;
using SecureExec.Server.Auth;
using SecureExec.Server.Jobs;

namespace SecureExec.Server.Storage;

/// <summary>
/// The server's one database: users and service accounts, OpenIddict's applications, authorizations and tokens, jobs,
/// and the audit log. Each feature configures its own entities (<see cref="IEntityTypeConfiguration{TEntity}"/> in its folder).
/// </summary>
public sealed class SecureExecDbContext(DbContextOptions<SecureExecDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
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
}
