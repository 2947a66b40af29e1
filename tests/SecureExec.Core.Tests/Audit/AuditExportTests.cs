using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecureExec.Core.Audit;
using static SecureExec.Core.Audit.AuditBreakKind;

namespace SecureExec.Core.Tests.Audit;

public class AuditExportTests
{
    [Fact]
    public void Export_RoundTrips_AndVerifiesOffline()
    {
        using var log = AuditTestLog.Create(5);
        var lines = log.Entries.Select(AuditExport.ToJsonLine).ToList();
        var checkpoint = AuditExport.ParseCheckpoint(AuditExport.ToJsonLine(log.Checkpoint()));

        var read = lines.Select(AuditExport.ParseEntry).ToList();

        Assert.Equal(log.Entries.Select(AuditCanonicalForm.ToText), read.Select(AuditCanonicalForm.ToText));
        Assert.Equal(log.Entries.Select(e => e.EntryHash), read.Select(e => e.EntryHash));
        Assert.True(log.Verifier.Verify(read, checkpoint).IsIntact);
    }

    [Fact]
    public void ExportLine_WithoutItsTwoHashMembers_IsTheCanonicalFormThatWasHashed()
    {
        using var log = AuditTestLog.Create(2);
        var entry = log.Entries[1];
        var line = JsonNode.Parse(AuditExport.ToJsonLine(entry))!.AsObject();

        var previous = Convert.FromHexString(line["previous_hash"]!.GetValue<string>());
        line.Remove("previous_hash");
        line.Remove("entry_hash");
        var canonical = Encoding.UTF8.GetBytes(line.ToJsonString());

        Assert.Equal(AuditCanonicalForm.Serialize(entry), canonical);
        Assert.Equal(entry.EntryHash, Convert.ToHexStringLower(SHA256.HashData([.. previous, .. canonical])));
    }

    [Fact]
    public void Export_WithOneByteChanged_NoLongerVerifies()
    {
        using var log = AuditTestLog.Create(5);
        var lines = log.Entries.Select(AuditExport.ToJsonLine).ToList();
        lines[2] = lines[2].Replace("user-3", "user-4", StringComparison.Ordinal);

        var result = log.Verifier.Verify(lines.Select(AuditExport.ParseEntry), log.Checkpoint());

        Assert.Equal((3L, ContentChanged), (result.Break?.Sequence, result.Break?.Kind));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"sequence":1}""")]
    [InlineData("extra member")]
    [InlineData("sequence as text")]
    [InlineData("negative sequence")]
    [InlineData("time with offset")]
    [InlineData("time with milliseconds")]
    [InlineData("action null")]
    [InlineData("detail not text")]
    public void ParseEntry_WithAMalformedLine_SaysWhat(string variant)
    {
        using var log = AuditTestLog.Create(1);
        var good = JsonNode.Parse(AuditExport.ToJsonLine(log.Entries[0]))!.AsObject();
        var line = variant switch
        {
            "extra member" => With(good, "token", "x"),
            "sequence as text" => With(good, "sequence", "1"),
            "negative sequence" => With(good, "sequence", -1),
            "time with offset" => With(good, "time", "2026-01-02T04:04:05.000000+01:00"),
            "time with milliseconds" => With(good, "time", "2026-01-02T03:04:05.000Z"),
            "action null" => With(good, "action", null),
            "detail not text" => With(good, "details", new JsonObject { ["exit_code"] = 0 }),
            _ => variant,
        };

        Assert.Throws<FormatException>(() => AuditExport.ParseEntry(line));
    }

    private static string With(JsonObject line, string name, JsonNode? value)
    {
        var copy = JsonNode.Parse(line.ToJsonString())!.AsObject();
        copy[name] = value;
        return copy.ToJsonString(new JsonSerializerOptions());
    }
}
