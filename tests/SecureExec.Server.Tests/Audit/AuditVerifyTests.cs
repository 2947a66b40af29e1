using System.Globalization;
using System.Net;
using System.Text.Json;
using static SecureExec.Server.Tests.Audit.AuditTestSupport;
using static SecureExec.Server.Tests.ServerTestSupport;

namespace SecureExec.Server.Tests.Audit;

/// <summary>The stored chain, tampered with straight in the SQLite file, as GET /audit/verify and audit verify see it.</summary>
[Collection(AuditServerCollection.Name)]
public sealed class AuditVerifyTests
{
    /// <summary>
    /// Ways to tamper with six stored entries; sequence 3 is always the first one touched. A "swap" exchanges every
    /// column but the sequence number (the row's key) between rows 3 and 4.
    /// </summary>
    public static TheoryData<string, string, string> Tampering => new()
    {
        { "outcome edited", "UPDATE audit_log SET Outcome = 'denied' WHERE Sequence = {a}", "ContentChanged" },
        { "details edited", "UPDATE audit_log SET DetailsJson = '{\"exit_code\":\"0\",\"note\":\"fine\"}' WHERE Sequence = {a}", "ContentChanged" },
        { "details made invalid JSON", "UPDATE audit_log SET DetailsJson = '{' WHERE Sequence = {a}", "ContentChanged" },
        { "actor edited", "UPDATE audit_log SET Subject = 'mallory' WHERE Sequence = {a}", "ContentChanged" },
        { "time moved", "UPDATE audit_log SET TimestampMicros = TimestampMicros + 1 WHERE Sequence = {a}", "ContentChanged" },
        { "time out of range", "UPDATE audit_log SET TimestampMicros = 9223372036854775807 WHERE Sequence = {a}", "ContentChanged" },
        { "entry hash edited", "UPDATE audit_log SET EntryHash = '" + new string('1', 64) + "' WHERE Sequence = {a}", "HashMismatch" },
        { "row deleted", "DELETE FROM audit_log WHERE Sequence = {a}", "EntryDeleted" },
        { "two rows deleted", "DELETE FROM audit_log WHERE Sequence IN ({a}, {b})", "EntryDeleted" },
        { "pair swapped", Swap, "ContentChanged" },
    };

    [Fact]
    public async Task Verify_AnUntouchedLog_IsIntact()
    {
        await using var server = await AuditTestSupport.StartServerAsync();
        using var client = server.Client(await server.AuditorTokenAsync());
        var written = await server.WriteSamplesAsync(6);
        var stored = await server.StoredSequencesAsync();

        var (status, body) = await client.GetJsonAsync("/audit/verify");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("intact").GetBoolean());
        Assert.Equal(stored.Length, body.GetProperty("entries_verified").GetInt64());
        Assert.Equal(written[^1].Sequence, body.GetProperty("head").GetProperty("count").GetInt64());
        Assert.Equal(written[^1].EntryHash, body.GetProperty("head").GetProperty("hash").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("first_break").ValueKind);
    }

    [Fact]
    public async Task Verify_AnEmptyLog_IsIntactWithTheGenesisHead()
    {
        await using var server = await AuditTestSupport.StartServerAsync();
        var token = await server.AuditorTokenAsync();
        await server.TamperAsync("DELETE FROM audit_log");
        using var client = server.Client(token);

        var (_, body) = await client.GetJsonAsync("/audit/verify");

        Assert.True(body.GetProperty("intact").GetBoolean());
        Assert.Equal(0, body.GetProperty("head").GetProperty("count").GetInt64());
        Assert.Equal(new string('0', 64), body.GetProperty("head").GetProperty("hash").GetString());
    }

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task Verify_ARowTamperedWithInTheDatabase_IsFoundAtItsSequence(string how, string sql, string kind)
    {
        await using var server = await AuditTestSupport.StartServerAsync();
        using var client = server.Client(await server.AuditorTokenAsync());
        var written = await server.WriteSamplesAsync(6);
        var target = written[2].Sequence;
        await server.TamperAsync(sql
            .Replace("{a}", target.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{b}", (target + 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));

        var (status, body) = await client.GetJsonAsync("/audit/verify");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.GetProperty("intact").GetBoolean(), how);
        var broken = body.GetProperty("first_break");
        Assert.Equal(target, broken.GetProperty("sequence").GetInt64());
        Assert.Equal(kind, broken.GetProperty("kind").GetString());
        Assert.Contains($"entry {target}", broken.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(target - 1, body.GetProperty("entries_verified").GetInt64());
        Assert.Equal(written[1].EntryHash, body.GetProperty("head").GetProperty("hash").GetString());

        var (exit, output, _) = Invoke("audit", "verify", $"--SecureExec:DataDirectory={server.DataDirectory}");
        Assert.Equal(1, exit);
        Assert.Contains($"BROKEN at entry {target}: {kind}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ALogOfSeveralBatches_IsStreamedAndAnEditDeepInsideIsFound()
    {
        await using var server = await AuditTestSupport.StartServerAsync();
        using var client = server.Client(await server.AuditorTokenAsync());
        var written = await server.WriteAuditAsync([.. Enumerable.Range(1, 2 * SecureExec.Server.Audit.AuditLogStream.BatchSize + 7).Select(Sample)]);

        var (_, intact) = await client.GetJsonAsync("/audit/verify");
        Assert.True(intact.GetProperty("intact").GetBoolean());
        Assert.Equal(written[^1].EntryHash, intact.GetProperty("head").GetProperty("hash").GetString());

        var target = written[1500].Sequence;
        await server.TamperAsync($"UPDATE audit_log SET ClientId = 'mallory-client' WHERE Sequence = {target}");
        var (_, broken) = await client.GetJsonAsync("/audit/verify");

        Assert.Equal(target, broken.GetProperty("first_break").GetProperty("sequence").GetInt64());
        Assert.Equal(target - 1, broken.GetProperty("entries_verified").GetInt64());
    }

    [Fact]
    public async Task Verify_TheLogPagesStillListATamperedRow()
    {
        await using var server = await AuditTestSupport.StartServerAsync();
        using var client = server.Client(await server.AuditorTokenAsync());
        var written = await server.WriteSamplesAsync(3);
        await server.TamperAsync($"UPDATE audit_log SET DetailsJson = 'not json' WHERE Sequence = {written[1].Sequence}");

        var (status, page) = await client.GetJsonAsync($"/audit/logs?correlation_id=corr-2");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("not json", page.GetProperty("entries")[0].GetProperty("details").GetProperty("_undecodable_details").GetString());
    }

    [Fact]
    public async Task AuditVerifyCommand_AnUntouchedStore_ExitsZeroNamingTheHead()
    {
        await using var server = await AuditTestSupport.StartServerAsync();
        var written = await server.WriteSamplesAsync(4);

        var (exit, output, errors) = Invoke("audit", "verify", $"--SecureExec:DataDirectory={server.DataDirectory}");

        Assert.Equal(0, exit);
        Assert.Contains($"intact: {written.Count} entries verified, head {written[^1].Sequence} {written[^1].EntryHash}", output, StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public void AuditVerifyCommand_WithoutADatabase_ExitsTwoAndCreatesNothing()
    {
        var directory = NewDataDirectory();

        var (exit, _, errors) = Invoke("audit", "verify", $"--SecureExec:DataDirectory={directory}");

        Assert.Equal(2, exit);
        Assert.Contains("no database", errors, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory, "secureexec.db")));
    }

    /// <summary>Rows {a} and {b} exchange every column but their sequence number.</summary>
    private static string Swap
    {
        get
        {
            const string columns = "TimestampMicros, Action, Outcome, Subject, ClientId, SourceAddress, CorrelationId, Template, JobId, DetailsJson, PreviousHash, EntryHash";
            var sets = string.Join(", ", columns.Split(", ").Select(c =>
                $"{c} = (SELECT {c} FROM pair WHERE pair.Sequence = CASE audit_log.Sequence WHEN {{a}} THEN {{b}} ELSE {{a}} END)"));
            return "CREATE TEMP TABLE pair AS SELECT * FROM audit_log WHERE Sequence IN ({a}, {b}); "
                + $"UPDATE audit_log SET {sets} WHERE Sequence IN ({{a}}, {{b}}); DROP TABLE pair;";
        }
    }
}
