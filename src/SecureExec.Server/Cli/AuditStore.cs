using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SecureExec.Server.Audit;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Cli;

/// <summary>
/// The server's database for a subcommand: configured from the same sources as <c>serve</c> (appsettings.json,
/// environment variables such as <c>SecureExec__DataDirectory</c>, and <c>--SecureExec:...=value</c> arguments), with
/// storage and the audit services only: no Kestrel, no sandbox, no schema changes.
/// </summary>
internal sealed class AuditStore : IAsyncDisposable
{
    private readonly WebApplication _host;
    private readonly AsyncServiceScope _scope;

    private AuditStore(WebApplication host, string location)
    {
        _host = host;
        _scope = host.Services.CreateAsyncScope();
        Location = location;
    }

    public string Location { get; }

    public SecureExecDbContext Db => _scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();

    public IServiceProvider Services => _scope.ServiceProvider;

    /// <summary>Opens an existing store holding an audit log; null (with the reason written) when there is none.</summary>
    public static async Task<AuditStore?> OpenAsync(string[] args, TextWriter errors, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddStorage(builder.Configuration);
        builder.Services.AddAuditLog();
        var host = builder.Build();

        var options = host.Services.GetRequiredService<StorageOptions>();
        var problem = options.Problems().FirstOrDefault();
        var file = options.IsSqlite ? new SqliteConnectionStringBuilder(options.SqliteConnectionString).DataSource : null;
        if (problem is null && file is not null && !File.Exists(file))
        {
            problem = $"no database at {file} (set SecureExec:DataDirectory to the server's data directory)";
        }

        if (problem is not null)
        {
            await errors.WriteLineAsync($"secureexec: {problem}");
            await host.DisposeAsync();
            return null;
        }

        var location = file ?? options.Describe()!;
        var store = new AuditStore(host, location);
        try
        {
            await store.Db.AuditRecords.AnyAsync(cancellationToken);
            return store;
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            await errors.WriteLineAsync($"secureexec: cannot read the audit log in {location}: {e.Message}");
            await store.DisposeAsync();
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _host.DisposeAsync();
    }
}
