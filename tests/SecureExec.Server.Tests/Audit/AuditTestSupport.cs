using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SecureExec.Core.Audit;
using SecureExec.Server.Audit;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Tests.Audit;

/// <summary>Audit entries written through the server's own writer, and the raw database for tampering.</summary>
internal static class AuditTestSupport
{
    public static Task<RunningServer> StartServerAsync() =>
        RunningServer.StartAsync();

    /// <summary>Appends entries through the app's <see cref="AuditWriter"/>, or one on <paramref name="time"/>.</summary>
    public static async Task<IReadOnlyList<AuditEntry>> WriteAuditAsync(this RunningServer server, IReadOnlyList<AuditContent> contents, TimeProvider? time = null)
    {
        await using var scope = server.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        var writer = time is null ? scope.ServiceProvider.GetRequiredService<AuditWriter>() : new AuditWriter(time);
        return await writer.SaveAsync(db, contents);
    }

    /// <summary>Entry <paramref name="i"/> of a varied sample: actors, clients, templates, actions and outcomes rotate.</summary>
    public static AuditContent Sample(int i) => new()
    {
        Action = (i % 3) switch { 0 => AuditActions.JobSubmitted, 1 => AuditActions.JobFinished, _ => AuditActions.LoginFailed },
        Outcome = (i % 3) switch { 0 => AuditOutcomes.Success, 1 => AuditOutcomes.Failure, _ => AuditOutcomes.Denied },
        Actor = new AuditActor(i % 2 == 0 ? "alice" : "bob", i % 4 == 0 ? "secexec-cli" : "web"),
        SourceAddress = "192.0.2." + i,
        CorrelationId = "corr-" + i,
        Template = i % 2 == 0 ? "disk_usage" : "uptime",
        JobId = "job-" + (i / 2),
        Details = new Dictionary<string, string> { ["exit_code"] = (i % 2).ToString(System.Globalization.CultureInfo.InvariantCulture) },
    };

    /// <summary>When samples are written: a day long before any real entry, so a window around it holds only samples.</summary>
    public static readonly DateTimeOffset SampleDay = new(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A window that holds the samples and nothing the server wrote itself (logins, refusals).</summary>
    public const string SamplesOnly = "until=2001-01-02T00:00:00Z";

    /// <summary>Samples 1..<paramref name="count"/>, one second apart on <see cref="SampleDay"/>.</summary>
    public static async Task<IReadOnlyList<AuditEntry>> WriteSamplesAsync(this RunningServer server, int count)
    {
        var time = new FakeTimeProvider(SampleDay);
        var written = new List<AuditEntry>();
        for (var i = 1; i <= count; i++)
        {
            written.AddRange(await server.WriteAuditAsync([Sample(i)], time));
            time.Advance(TimeSpan.FromSeconds(1));
        }

        return written;
    }

    /// <summary>Every sequence number stored, lowest first.</summary>
    public static async Task<long[]> StoredSequencesAsync(this RunningServer server)
    {
        await using var scope = server.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        return [.. db.AuditRecords.Select(a => a.Sequence).OrderBy(s => s)];
    }

    public static string DatabaseFile(this RunningServer server) => Path.Combine(server.DataDirectory, "secureexec.db");

    /// <summary>Runs SQL straight against the server's SQLite file, as an attacker with file access would.</summary>
    public static async Task TamperAsync(this RunningServer server, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={server.DatabaseFile()};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<(System.Net.HttpStatusCode Status, JsonElement Body)> GetJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return (response.StatusCode, await response.JsonAsync());
    }

    public static async Task<string> AuditorTokenAsync(this RunningServer server, string name = "audrey") =>
        await server.TokenForNewUserAsync(name, "auditor");

    /// <summary>The sequence numbers of a page's entries, in the order given.</summary>
    public static long[] Sequences(this JsonElement page) =>
        [.. page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64())];
}
