using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SecureExec.Server.Storage;

/// <summary>Lets <c>dotnet ef migrations add</c> build the SQLite model without starting the host (scripts/new-migration.sh).</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<SecureExecDbContext>
{
    public SecureExecDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SecureExecDbContext>()
            .UseSqlite("Data Source=design-time.db")
            .UseOpenIddict()
            .Options;
        return new SecureExecDbContext(options);
    }
}

/// <summary>The same for PostgreSQL (<c>--context PostgresDbContext</c>); adding a migration never connects.</summary>
internal sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresDbContext>
{
    public PostgresDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresDbContext>()
            .UseNpgsql("Host=localhost;Database=design-time")
            .UseOpenIddict()
            .Options;
        return new PostgresDbContext(options);
    }
}
