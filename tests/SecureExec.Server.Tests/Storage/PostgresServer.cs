using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using static SecureExec.Server.Tests.ServerTestSupport;

namespace SecureExec.Server.Tests.Storage;

/// <summary>
/// Tests on a real PostgreSQL: one throwaway cluster for the run (scripts/postgres-test.sh), a database per test. The
/// collection runs apart from every other, like the sandbox runs, since its servers execute commands too.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}

/// <summary>A PostgreSQL cluster on a free loopback port, started once for the collection and stopped after it.</summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "secureexec-pg-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly int _port = FreePort();

    public int Port => _port;

    /// <summary>The cluster's superuser on its maintenance database.</summary>
    private string AdminConnectionString => $"Host=127.0.0.1;Port={_port};Database=postgres;Username=postgres;Pooling=false";

    public async Task InitializeAsync() => await ScriptAsync("start");

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ScriptAsync("stop");
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A new, empty database of the test's own; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return $"Host=127.0.0.1;Port={_port};Database={name};Username=postgres";
    }

    /// <summary>Host arguments that put a server on <paramref name="connectionString"/>.</summary>
    public static string[] On(string connectionString) =>
        ["--SecureExec:Storage:Provider=postgresql", $"--SecureExec:Storage:ConnectionString={connectionString}"];

    private async Task ScriptAsync(string action)
    {
        var script = new ProcessStartInfo(Path.Combine(RepositoryRoot, "scripts", "postgres-test.sh"))
        {
            ArgumentList = { action, _directory, _port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(script)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"postgres-test.sh {action} failed ({process.ExitCode}): {await output}{await errors}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
