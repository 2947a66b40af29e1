using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SecureExec.Server.Storage;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the host (scripts/new-migration.sh).</summary>
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
