using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using SecureExec.Core.Audit;

namespace SecureExec.Core.Tests.Audit;

/// <summary>A small signed audit log: entries from a fake clock, a checkpoint at the head, the key that signed it.</summary>
internal sealed class AuditTestLog : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private AuditTestLog(ECDsa key, FakeTimeProvider time, AuditChain chain, List<AuditEntry> entries)
    {
        Key = key;
        Time = time;
        Chain = chain;
        Entries = entries;
        Signer = new EcdsaCheckpointSigner(key);
        Verifier = new AuditVerifier(new EcdsaCheckpointVerifier(key));
    }

    public ECDsa Key { get; }

    public FakeTimeProvider Time { get; }

    public AuditChain Chain { get; }

    public IReadOnlyList<AuditEntry> Entries { get; }

    public EcdsaCheckpointSigner Signer { get; }

    public AuditVerifier Verifier { get; }

    public AuditCheckpoint Checkpoint() => Chain.Checkpoint(Signer);

    /// <summary><paramref name="count"/> entries, one and a half seconds apart, of varied content.</summary>
    public static AuditTestLog Create(int count = 5, string flavour = "")
    {
        var time = new FakeTimeProvider(Start);
        var chain = new AuditChain(time);
        var entries = new List<AuditEntry>();
        for (var i = 1; i <= count; i++)
        {
            entries.Add(chain.Append(Content(i, flavour)));
            time.Advance(TimeSpan.FromMilliseconds(1500));
        }

        return new AuditTestLog(AuditKeys.CreateKey(), time, chain, entries);
    }

    public static AuditContent Content(int i, string flavour = "") => new()
    {
        Action = i % 2 == 0 ? AuditActions.JobFinished : AuditActions.JobSubmitted,
        Outcome = AuditOutcomes.Success,
        Actor = new AuditActor("user-" + i + flavour, "cli"),
        SourceAddress = "192.0.2." + i,
        CorrelationId = "corr-" + i,
        Template = "ping",
        JobId = "job-" + i,
        Details = new Dictionary<string, string> { ["param.host"] = "example.org", ["exit_code"] = "0" },
    };

    public void Dispose() => Key.Dispose();
}
