using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SecureExec.Core.Audit;

namespace SecureExec.Core.Tests.Audit;

public class AuditCanonicalFormTests
{
    /// <summary>The format is a contract with offline verifiers: this entry's bytes and hash must never change.</summary>
    private static AuditEntry Golden() => AuditChain.Link(
        AuditChainHead.Empty,
        new AuditContent
        {
            Action = AuditActions.JobSubmitted,
            Outcome = AuditOutcomes.Success,
            Actor = new AuditActor("alice", "secexec-cli"),
            SourceAddress = "203.0.113.7",
            CorrelationId = "c0ffee",
            Template = "ping",
            JobId = "5d2f6c1e-0a4b-4c8e-9f3a-2b7d1e6c9a10",
            Details = new Dictionary<string, string>
            {
                ["param.host"] = "example.org",
                ["param.count"] = "3",
                ["argv"] = "[\"ping\",\"-c\",\"3\",\"example.org\"]",
                ["note"] = "line\nbreak é",
            },
        },
        new DateTimeOffset(2026, 11, 25, 6, 17, 2, TimeSpan.Zero).AddTicks(1234567));

    private const string GoldenText = """
        {"action":"job.submitted","actor":{"client_id":"secexec-cli","subject":"alice"},"correlation_id":"c0ffee","details":{"argv":"[\"ping\",\"-c\",\"3\",\"example.org\"]","note":"line\\u000abreak \\u00e9","param.count":"3","param.host":"example.org"},"job_id":"5d2f6c1e-0a4b-4c8e-9f3a-2b7d1e6c9a10","outcome":"success","sequence":1,"source_address":"203.0.113.7","template":"ping","time":"2026-11-25T06:17:02.123456Z"}
        """;

    private const string GoldenHash = "1b925524b529dc5ec3dd4ae8e07406e7cdcf7c2364e6c8578b4309e42fb676eb";

    [Fact]
    public void Golden_CanonicalText_IsFixed() => Assert.Equal(GoldenText, AuditCanonicalForm.ToText(Golden()));

    [Fact]
    public void Golden_EntryHash_IsFixed() => Assert.Equal(GoldenHash, Golden().EntryHash);

    [Fact]
    public void Docs_ShowTheGoldenEntryAndHash_SoTheyCannotDriftFromTheCode()
    {
        var docs = File.ReadAllText(Path.Combine(TestSupport.RepositoryRoot, "docs", "audit.md"));

        Assert.Contains(GoldenText, docs, StringComparison.Ordinal);
        Assert.Contains(GoldenHash, docs, StringComparison.Ordinal);
        Assert.Contains(AuditRequestDetails.ArgvDigest(["ping", "-c", "3"]), docs, StringComparison.Ordinal);
    }

    [Fact]
    public void EntryHash_IsSha256OfThePreviousHashBytesThenTheCanonicalUtf8()
    {
        var entry = Golden();
        var input = new byte[32].Concat(Encoding.UTF8.GetBytes(GoldenText)).ToArray();

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(input)), entry.EntryHash);
        Assert.Equal(Encoding.UTF8.GetBytes(GoldenText), AuditCanonicalForm.Serialize(entry));
    }

    [Fact]
    public void CanonicalForm_IsJsonWithSortedKeysAndNullForAbsentValues()
    {
        var entry = AuditChain.Link(
            AuditChainHead.Empty, new AuditContent { Action = "auth.token_rejected", Outcome = "denied" }, AuditTestLog.Start);

        var text = AuditCanonicalForm.ToText(entry);

        Assert.Equal(
            """
            {"action":"auth.token_rejected","actor":{"client_id":null,"subject":null},"correlation_id":null,"details":{},"job_id":null,"outcome":"denied","sequence":1,"source_address":null,"template":null,"time":"2026-01-02T03:04:05.000000Z"}
            """,
            text);
        var names = JsonDocument.Parse(text).RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public void CanonicalForm_DoesNotDependOnDetailOrderOrTimeOffset()
    {
        var entry = Golden();
        var shuffled = entry with
        {
            Details = entry.Details.Reverse().ToDictionary(kv => kv.Key, kv => kv.Value),
            Timestamp = entry.Timestamp.ToOffset(TimeSpan.FromHours(-5)),
        };

        Assert.Equal(AuditCanonicalForm.Serialize(entry), AuditCanonicalForm.Serialize(shuffled));
    }

    [Theory]
    [InlineData("\"", "\\\"")]
    [InlineData("\\", "\\\\")]
    [InlineData("\n", "\\n")]
    [InlineData("\r", "\\r")]
    [InlineData("\t", "\\t")]
    [InlineData("\b", "\\b")]
    [InlineData("\f", "\\f")]
    [InlineData("\u001b", "\\u001b")]
    [InlineData("\u007f", "\u007f")]
    [InlineData("é", "é")]
    public void CanonicalForm_EscapesStoredTextAsRfc8785Does(string stored, string written)
    {
        // Entries written by the chain hold only encoded text; a row edited in the store may hold anything.
        var entry = Golden() with { Template = stored };

        Assert.Contains("\"template\":\"" + written + "\"", AuditCanonicalForm.ToText(entry), StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_OfTextThatIsNotUnicode_IsNull_SoVerificationReportsIt()
    {
        var entry = Golden() with { Template = "\ud800" };

        Assert.Null(AuditHash.Compute(entry));
        Assert.Throws<ArgumentException>(() => AuditCanonicalForm.Serialize(entry));
    }
}
