using Microsoft.EntityFrameworkCore;
using SecureExec.Server.Audit;
using SecureExec.Server.Auth;
using SecureExec.Server.Storage;
using static SecureExec.Server.Tests.ServerTestSupport;

namespace SecureExec.Server.Tests.Auth.Accounts;

/// <summary>Administration test helpers: admin tokens, the store behind a data directory, the CLI on it.</summary>
internal static class AdminTestSupport
{
    public const string Password = RunningServer.Password;

    /// <summary>Arguments that point a subcommand at <paramref name="dataDirectory"/> with the shipped configuration.</summary>
    public static string[] CliConfig(string dataDirectory) =>
    [
        $"--SecureExec:DataDirectory={dataDirectory}", $"--SecureExec:Catalog:Path={ShippedCatalog}",
        $"--SecureExec:Permissions:Path={ShippedPermissions}", "--SecureExec:Auth:PasswordHashCost=4",
    ];

    /// <summary>Runs a subcommand against <paramref name="dataDirectory"/>.</summary>
    public static (int Exit, string Output, string Errors) RunCli(string dataDirectory, params string[] args) => Invoke([.. args, .. CliConfig(dataDirectory)]);

    /// <summary>A new user with the admin role, and their access token from the password grant.</summary>
    public static Task<string> AdminTokenAsync(this RunningServer server, string name = "root") => server.TokenForNewUserAsync(name, "admin");

    /// <summary>A context on the SQLite file of <paramref name="dataDirectory"/>, as the server opens it.</summary>
    public static SecureExecDbContext OpenStore(string dataDirectory) =>
        new(new DbContextOptionsBuilder<SecureExecDbContext>()
            .UseSqlite($"Data Source={Path.Combine(dataDirectory, "secureexec.db")};Pooling=False")
            .UseOpenIddict()
            .Options);

    public static async Task<UserAccount?> UserAsync(string dataDirectory, string name)
    {
        await using var db = OpenStore(dataDirectory);
        var normalized = UserAccount.Normalize(name);
        return await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedName == normalized);
    }

    public static async Task<List<AuditRecord>> AuditAsync(string dataDirectory)
    {
        await using var db = OpenStore(dataDirectory);
        return await db.AuditRecords.AsNoTracking().OrderBy(a => a.Sequence).ToListAsync();
    }
}
