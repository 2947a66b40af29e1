using System.Net;
using System.Text;
using SecureExec.Core.Audit;
using static SecureExec.Server.Tests.ServerTestSupport;

namespace SecureExec.Server.Tests.Audit;

[Collection(AuditServerCollection.Name)]
public sealed class AuditExportTests
{
    [Fact]
    public async Task ExportCommand_ThenVerifyFile_Passes()
    {
        await using var server = await AuditTestSupport.StartServerAsync();
        var written = await server.WriteSamplesAsync(5);
        var file = TempPath();

        var (exit, _, errors) = Invoke("audit", "export", "--output", file, $"--SecureExec:DataDirectory={server.DataDirectory}");

        Assert.Equal(0, exit);
        Assert.Contains("5 entries written", errors, StringComparison.Ordinal);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        var lines = File.ReadAllLines(file);
        Assert.Equal(written.Select(AuditExport.ToJsonLine), lines);

        var (verified, output, _) = Invoke("audit", "verify", "--file", file);
        Assert.Equal(0, verified);
        Assert.Contains($"intact: 5 entries verified, head 5 {written[^1].EntryHash}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportCommand_IsItselfAudited()
    {
        await using var server = await AuditTestSupport.StartServerAsync();
        using var client = server.Client(await server.AuditorTokenAsync());
        await server.WriteSamplesAsync(2);

        Assert.Equal(0, Invoke("audit", "export", "--output", TempPath(), $"--SecureExec:DataDirectory={server.DataDirectory}").Exit);

        var (_, page) = await client.GetJsonAsync($"/audit/logs?action={AuditActions.AuditExported}");
        var entry = Assert.Single(page.GetProperty("entries").EnumerateArray());
        Assert.Equal("cli", entry.GetProperty("details").GetProperty("via").GetString());
        // The auditor's login and the two samples.
        Assert.Equal("3", entry.GetProperty("details").GetProperty("entries").GetString());
    }

    [Fact]
    public async Task ExportCommand_ToStandardOutput_WritesOneLinePerEntry()
    {
        await using var server = await AuditTestSupport.StartServerAsync();
        var written = await server.WriteSamplesAsync(3);

        var (exit, output, _) = Invoke("audit", "export", $"--SecureExec:DataDirectory={server.DataDirectory}");

        Assert.Equal(0, exit);
        Assert.Equal(string.Concat(written.Select(e => AuditExport.ToJsonLine(e) + "\n")), output);
    }

    /// <summary>Every way of changing one byte of an export is found: a changed value, a broken line, a reordering.</summary>
    [Theory]
    [InlineData("\"outcome\":\"failure\"", "\"outcome\":\"success\"", "entry 1")]
    [InlineData("\"template\":\"disk_usage\"", "\"template\":\"disk_usagf\"", "entry 2")]
    [InlineData("\"exit_code\":\"1\"", "\"exit_code\":\"7\"", "entry 1")]
    [InlineData("\"sequence\":3", "\"sequence\":4", "entry 3")]
    [InlineData("\"sequence\":3,", "\"sequence\":3 ,", "line 3")]
    [InlineData("{\"action\"", "[\"action\"", "line 1")]
    [InlineData("192.0.2.4", "192.0.2.5", "entry 4")]
    public async Task VerifyFile_WithOneChangedByte_FailsNamingWhere(string original, string changed, string named)
    {
        await using var server = await AuditTestSupport.StartServerAsync();
        await server.WriteSamplesAsync(5);
        var file = TempPath();
        Assert.Equal(0, Invoke("audit", "export", "--output", file, $"--SecureExec:DataDirectory={server.DataDirectory}").Exit);
        var text = File.ReadAllText(file);
        var at = text.IndexOf(original, StringComparison.Ordinal);
        Assert.True(at >= 0, $"{original} not in the export");
        File.WriteAllText(file, string.Concat(text.AsSpan(0, at), changed, text.AsSpan(at + original.Length)));

        var (exit, output, _) = Invoke("audit", "verify", "--file", file);

        Assert.Equal(1, exit);
        Assert.Contains("BROKEN at " + named, output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("delete", "EntryDeleted")]
    [InlineData("swap", "EntriesReordered")]
    public async Task VerifyFile_WithALineDeletedOrTwoSwapped_FailsAtEntry3(string how, string kind)
    {
        await using var server = await AuditTestSupport.StartServerAsync();
        await server.WriteSamplesAsync(5);
        var file = TempPath();
        Assert.Equal(0, Invoke("audit", "export", "--output", file, $"--SecureExec:DataDirectory={server.DataDirectory}").Exit);
        var lines = File.ReadAllLines(file).ToList();
        if (how == "delete")
        {
            lines.RemoveAt(2);
        }
        else
        {
            (lines[2], lines[3]) = (lines[3], lines[2]);
        }

        File.WriteAllText(file, string.Concat(lines.Select(l => l + "\n")));

        var (exit, output, _) = Invoke("audit", "verify", "--file", file);

        Assert.Equal(1, exit);
        Assert.Contains($"BROKEN at entry 3: {kind}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportCommand_WithATimeWindow_VerifiesAsAPartialExport()
    {
        await using var server = await AuditTestSupport.StartServerAsync();
        var written = await server.WriteSamplesAsync(6);
        var file = TempPath();

        var (exit, _, _) = Invoke("audit", "export", "--since", "2001-01-01T00:00:02Z", "--until", "2001-01-01T00:00:05Z",
            "--output", file, $"--SecureExec:DataDirectory={server.DataDirectory}");

        Assert.Equal(0, exit);
        Assert.Equal(written.Skip(2).Take(3).Select(AuditExport.ToJsonLine), File.ReadAllLines(file));
        Assert.Equal(1, Invoke("audit", "verify", "--file", file).Exit);
        var (partial, output, _) = Invoke("audit", "verify", "--file", file, "--partial");
        Assert.Equal(0, partial);
        Assert.Contains("partial export", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--since", "yesterday")]
    [InlineData("--until", "2026-01-02T03:04:05")]
    public async Task ExportCommand_WithABadTime_ExitsTwo(string option, string value)
    {
        await using var server = await AuditTestSupport.StartServerAsync();

        var (exit, _, errors) = Invoke("audit", "export", option, value, $"--SecureExec:DataDirectory={server.DataDirectory}");

        Assert.Equal(2, exit);
        Assert.Contains(option, errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportCommand_NeverOverwritesAFile()
    {
        await using var server = await AuditTestSupport.StartServerAsync();
        var file = TempPath();
        File.WriteAllText(file, "keep");

        var (exit, _, _) = Invoke("audit", "export", "--output", file, $"--SecureExec:DataDirectory={server.DataDirectory}");

        Assert.Equal(2, exit);
        Assert.Equal("keep", File.ReadAllText(file));
    }

    [Fact]
    public void VerifyFile_Missing_ExitsTwo()
    {
        Assert.Equal(2, Invoke("audit", "verify", "--file", "/nonexistent/audit.jsonl").Exit);
    }

    [Fact]
    public async Task ExportEndpoint_StreamsJsonLinesThatVerify_AndIsAudited()
    {
        await using var server = await AuditTestSupport.StartServerAsync();
        using var client = server.Client(await server.AuditorTokenAsync());
        var written = await server.WriteSamplesAsync(4);

        using var response = await client.GetAsync("/audit/export?until=2001-01-02T00:00:00Z");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/jsonl", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(string.Concat(written.Select(e => AuditExport.ToJsonLine(e) + "\n")), body);
        var file = TempPath();
        await File.WriteAllTextAsync(file, body, new UTF8Encoding(false));
        // The window starts after the auditor's login (entry 1), so the export is a slice of the log.
        Assert.Equal(0, Invoke("audit", "verify", "--file", file, "--partial").Exit);

        var (_, page) = await client.GetJsonAsync($"/audit/logs?action={AuditActions.AuditExported}");
        var entry = Assert.Single(page.GetProperty("entries").EnumerateArray());
        Assert.Equal("api", entry.GetProperty("details").GetProperty("via").GetString());
        Assert.Equal(written[0].Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
            entry.GetProperty("details").GetProperty("first_sequence").GetString());
    }

    [Fact]
    public async Task ExportEndpoint_WithAnUnknownParameter_Returns400()
    {
        await using var server = await AuditTestSupport.StartServerAsync();
        using var client = server.Client(await server.AuditorTokenAsync());

        var (status, body) = await client.GetJsonAsync("/audit/export?action=job.finished");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("action", out _));
    }

    private static string TempPath() => Path.Combine(Path.GetTempPath(), $"secureexec-audit-{Guid.NewGuid():N}.jsonl");
}
