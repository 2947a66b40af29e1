using SecureExec.Core.Audit;
using static SecureExec.Core.Audit.AuditBreakKind;

namespace SecureExec.Core.Tests.Audit;

public class AuditVerifierTests
{
    private const string OtherHash = "1111111111111111111111111111111111111111111111111111111111111111";

    /// <summary>Ways to tamper with a log of five entries whose head is covered by a signed checkpoint.</summary>
    private static readonly Dictionary<string, Func<List<AuditEntry>, List<AuditEntry>>> Tampering = new()
    {
        ["sequence"] = log => Edit(log, 3, e => e with { Sequence = 7 }),
        ["sequence lowered"] = log => Edit(log, 3, e => e with { Sequence = 2 }),
        ["timestamp"] = log => Edit(log, 3, e => e with { Timestamp = e.Timestamp.AddSeconds(-1) }),
        ["timestamp by a microsecond"] = log => Edit(log, 3, e => e with { Timestamp = e.Timestamp.AddTicks(10) }),
        ["action"] = log => Edit(log, 3, e => e with { Action = AuditActions.JobCancelled }),
        ["outcome"] = log => Edit(log, 3, e => e with { Outcome = AuditOutcomes.Failure }),
        ["actor subject"] = log => Edit(log, 3, e => e with { Actor = e.Actor with { Subject = "mallory" } }),
        ["actor client"] = log => Edit(log, 3, e => e with { Actor = e.Actor with { ClientId = "web" } }),
        ["actor removed"] = log => Edit(log, 3, e => e with { Actor = AuditActor.Anonymous }),
        ["source address"] = log => Edit(log, 3, e => e with { SourceAddress = "198.51.100.1" }),
        ["source address removed"] = log => Edit(log, 3, e => e with { SourceAddress = null }),
        ["correlation id"] = log => Edit(log, 3, e => e with { CorrelationId = "other" }),
        ["template"] = log => Edit(log, 3, e => e with { Template = "restart_service" }),
        ["job id"] = log => Edit(log, 3, e => e with { JobId = "job-9" }),
        ["detail value"] = log => Edit(log, 3, e => e with { Details = With(e.Details, "exit_code", "1") }),
        ["detail added"] = log => Edit(log, 3, e => e with { Details = With(e.Details, "extra", "x") }),
        ["detail removed"] = log => Edit(log, 3, e => e with { Details = e.Details.Where(kv => kv.Key != "exit_code").ToDictionary() }),
        ["detail key renamed"] = log => Edit(log, 3, e => e with { Details = e.Details.ToDictionary(kv => kv.Key + "_", kv => kv.Value) }),
        ["text made invalid unicode"] = log => Edit(log, 3, e => e with { Template = "\ud800" }),
        ["entry hash"] = log => Edit(log, 3, e => e with { EntryHash = OtherHash }),
        ["entry hash uppercased"] = log => Edit(log, 3, e => e with { EntryHash = e.EntryHash.ToUpperInvariant() }),
        ["previous hash"] = log => Edit(log, 3, e => e with { PreviousHash = OtherHash }),
        ["previous hash malformed"] = log => Edit(log, 3, e => e with { PreviousHash = "zz" }),
        ["first entry's content"] = log => Edit(log, 1, e => e with { Outcome = AuditOutcomes.Denied }),
        ["first entry's previous hash"] = log => Edit(log, 1, e => e with { PreviousHash = OtherHash }),
        ["last entry's content"] = log => Edit(log, 5, e => e with { Outcome = AuditOutcomes.Denied }),
        ["last entry's hash"] = log => Edit(log, 5, e => e with { EntryHash = OtherHash }),
        ["content changed and rehashed"] = log => Edit(log, 3, e => Rehash(e with { Outcome = AuditOutcomes.Denied })),
        ["content changed, rest of chain rehashed"] = log => RehashFrom(Edit(log, 3, e => e with { Outcome = AuditOutcomes.Denied }), 3),
        ["delete first"] = log => log.Where(e => e.Sequence != 1).ToList(),
        ["delete middle"] = log => log.Where(e => e.Sequence != 3).ToList(),
        ["delete two in the middle"] = log => log.Where(e => e.Sequence is not (2 or 3)).ToList(),
        ["delete last"] = log => log.Where(e => e.Sequence != 5).ToList(),
        ["delete middle, renumber and rehash the rest"] = log => Renumber(log.Where(e => e.Sequence != 3).ToList()),
        ["insert unchained, new sequence"] = log => Insert(log, 2, Forged(log, 99, OtherHash)),
        ["insert unchained, same sequence"] = log => Insert(log, 2, Forged(log, 3, OtherHash)),
        ["insert chained, same sequence"] = log => Insert(log, 2, Forged(log, 3, log[1].EntryHash)),
        ["insert chained, later renumbered"] = log => Insert(log, 2, Forged(log, 3, log[1].EntryHash), renumber: true),
        ["insert before the first"] = log => Insert(log, 0, Forged(log, 1, OtherHash)),
        ["insert copy of another entry"] = log => Insert(log, 2, log[3]),
        ["insert unchained after the last"] = log => [.. log, Forged(log, 6, OtherHash)],
        ["duplicate an entry"] = log => Insert(log, 3, log[2]),
        ["swap first two"] = log => Swap(log, 0, 1),
        ["swap two in the middle"] = log => Swap(log, 1, 2),
        ["swap last two"] = log => Swap(log, 3, 4),
        ["swap first and last"] = log => Swap(log, 0, 4),
        ["swap two apart"] = log => Swap(log, 1, 3),
        ["move second to the end"] = log => [.. log.Where(e => e.Sequence != 2), log[1]],
        ["reverse"] = log => Enumerable.Reverse(log).ToList(),
        ["truncate tail"] = log => log.Take(2).ToList(),
        ["truncate everything"] = log => [],
    };

    [Theory]
    [InlineData("sequence", 3, ContentChanged)]
    [InlineData("sequence lowered", 3, ContentChanged)]
    [InlineData("timestamp", 3, ContentChanged)]
    [InlineData("timestamp by a microsecond", 3, ContentChanged)]
    [InlineData("action", 3, ContentChanged)]
    [InlineData("outcome", 3, ContentChanged)]
    [InlineData("actor subject", 3, ContentChanged)]
    [InlineData("actor client", 3, ContentChanged)]
    [InlineData("actor removed", 3, ContentChanged)]
    [InlineData("source address", 3, ContentChanged)]
    [InlineData("source address removed", 3, ContentChanged)]
    [InlineData("correlation id", 3, ContentChanged)]
    [InlineData("template", 3, ContentChanged)]
    [InlineData("job id", 3, ContentChanged)]
    [InlineData("detail value", 3, ContentChanged)]
    [InlineData("detail added", 3, ContentChanged)]
    [InlineData("detail removed", 3, ContentChanged)]
    [InlineData("detail key renamed", 3, ContentChanged)]
    [InlineData("text made invalid unicode", 3, ContentChanged)]
    [InlineData("entry hash", 3, HashMismatch)]
    [InlineData("entry hash uppercased", 3, HashMismatch)]
    [InlineData("previous hash", 3, HashMismatch)]
    [InlineData("previous hash malformed", 3, HashMismatch)]
    [InlineData("first entry's content", 1, ContentChanged)]
    [InlineData("first entry's previous hash", 1, HashMismatch)]
    [InlineData("last entry's content", 5, ContentChanged)]
    [InlineData("last entry's hash", 5, HashMismatch)]
    [InlineData("content changed and rehashed", 3, ContentChanged)]
    [InlineData("content changed, rest of chain rehashed", 5, CheckpointMismatch)]
    [InlineData("delete first", 1, EntryDeleted)]
    [InlineData("delete middle", 3, EntryDeleted)]
    [InlineData("delete two in the middle", 2, EntryDeleted)]
    [InlineData("delete last", 5, TailTruncated)]
    [InlineData("delete middle, renumber and rehash the rest", 5, TailTruncated)]
    [InlineData("insert unchained, new sequence", 3, EntryInserted)]
    [InlineData("insert unchained, same sequence", 3, EntryInserted)]
    [InlineData("insert chained, same sequence", 3, EntryInserted)]
    [InlineData("insert chained, later renumbered", 3, EntryInserted)]
    [InlineData("insert before the first", 1, EntryInserted)]
    [InlineData("insert copy of another entry", 3, EntryInserted)]
    [InlineData("insert unchained after the last", 6, EntryInserted)]
    [InlineData("duplicate an entry", 3, EntryInserted)]
    [InlineData("swap first two", 1, EntriesReordered)]
    [InlineData("swap two in the middle", 2, EntriesReordered)]
    [InlineData("swap last two", 4, EntriesReordered)]
    [InlineData("swap first and last", 1, EntriesReordered)]
    [InlineData("swap two apart", 2, EntriesReordered)]
    [InlineData("move second to the end", 2, EntriesReordered)]
    [InlineData("reverse", 1, EntriesReordered)]
    [InlineData("truncate tail", 3, TailTruncated)]
    [InlineData("truncate everything", 1, TailTruncated)]
    public void Verify_TamperedLog_NamesTheFirstBrokenEntryAndHow(string tampering, long sequence, AuditBreakKind kind)
    {
        using var log = AuditTestLog.Create(5);
        var checkpoint = log.Checkpoint();

        var result = log.Verifier.Verify(Tampering[tampering]([.. log.Entries]), checkpoint);

        Assert.False(result.IsIntact, tampering + " went unnoticed");
        Assert.Equal((sequence, kind), (result.Break!.Sequence, result.Break.Kind));
        Assert.StartsWith($"entry {sequence}", result.Break.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_IntactLog_ReportsEveryEntryAndTheHead()
    {
        using var log = AuditTestLog.Create(5);

        var result = log.Verifier.Verify(log.Entries, log.Checkpoint());

        Assert.True(result.IsIntact);
        Assert.Equal(5, result.EntriesVerified);
        Assert.Equal(AuditChainHead.Of(log.Entries[^1]), result.Head);
    }

    [Fact]
    public void Verify_LogThatGrewAfterTheCheckpoint_IsIntact()
    {
        using var log = AuditTestLog.Create(3);
        var checkpoint = log.Checkpoint();
        var later = log.Chain.Append(AuditTestLog.Content(4));

        Assert.True(log.Verifier.Verify([.. log.Entries, later], checkpoint).IsIntact);
    }

    [Fact]
    public void Verify_WithoutCheckpoint_CannotSeeATruncatedTail_WhichIsWhyCheckpointsExist()
    {
        using var log = AuditTestLog.Create(5);

        Assert.True(log.Verifier.Verify(log.Entries.Take(3)).IsIntact);
        Assert.Equal(TailTruncated, log.Verifier.Verify(log.Entries.Take(3), log.Checkpoint()).Break?.Kind);
    }

    [Fact]
    public void Verify_WholesaleRewriteWithAFreshValidChain_IsCaughtByTheCheckpoint()
    {
        using var log = AuditTestLog.Create(5);
        var checkpoint = log.Checkpoint();
        using var rewritten = AuditTestLog.Create(5, flavour: "-rewritten");

        Assert.True(log.Verifier.Verify(rewritten.Entries).IsIntact);
        var result = log.Verifier.Verify(rewritten.Entries, checkpoint);

        Assert.Equal((5L, CheckpointMismatch), (result.Break!.Sequence, result.Break.Kind));
    }

    [Fact]
    public void Verify_WholesaleRewriteThatIsLonger_IsCaughtAtTheCheckpointsCount()
    {
        using var log = AuditTestLog.Create(3);
        var checkpoint = log.Checkpoint();
        using var rewritten = AuditTestLog.Create(6, flavour: "-rewritten");

        var result = log.Verifier.Verify(rewritten.Entries, checkpoint);

        Assert.Equal((3L, CheckpointMismatch), (result.Break!.Sequence, result.Break.Kind));
    }

    [Fact]
    public void Verify_ReportsTheFirstOfSeveralBreaks()
    {
        using var log = AuditTestLog.Create(5);
        var tampered = Edit(Edit([.. log.Entries], 4, e => e with { Template = "x" }), 2, e => e with { Template = "y" });

        var result = log.Verifier.Verify(tampered);

        Assert.Equal((2L, ContentChanged), (result.Break!.Sequence, result.Break.Kind));
    }

    [Fact]
    public void Verify_PrunedLog_VerifiesFromThePruningCheckpoint()
    {
        using var log = AuditTestLog.Create(5);
        var atPruning = log.Signer.Sign(new AuditCheckpointContent(2, log.Entries[1].EntryHash, log.Time.GetUtcNow()));
        var remaining = log.Entries.Skip(2).ToList();

        var intact = log.Verifier.Verify(remaining, log.Checkpoint(), start: atPruning);
        var gap = log.Verifier.Verify(remaining.Skip(1), log.Checkpoint(), start: atPruning);

        Assert.True(intact.IsIntact);
        Assert.Equal(3, intact.EntriesVerified);
        Assert.Equal((3L, EntryDeleted), (gap.Break!.Sequence, gap.Break.Kind));
        Assert.Equal(EntryDeleted, log.Verifier.Verify(remaining).Break?.Kind);
    }

    [Fact]
    public void Verify_PrunedLog_WithAStartCheckpointFromAnotherKey_IsRefused()
    {
        using var log = AuditTestLog.Create(5);
        using var other = AuditKeys.CreateKey();
        var forged = new EcdsaCheckpointSigner(other).Sign(new AuditCheckpointContent(2, log.Entries[1].EntryHash, log.Time.GetUtcNow()));

        var result = log.Verifier.Verify(log.Entries.Skip(2), start: forged);

        Assert.Equal((2L, CheckpointUnknownKey), (result.Break!.Sequence, result.Break.Kind));
    }

    [Fact]
    public void Verify_WithANullAmongTheEntries_Throws_RatherThanStopEarly()
    {
        using var log = AuditTestLog.Create(3);

        Assert.Throws<ArgumentException>(() => log.Verifier.Verify([log.Entries[0], null!, log.Entries[2]]));
    }

    [Fact]
    public void Verify_ReadsEntriesOnce_InOnePass()
    {
        using var log = AuditTestLog.Create(5);
        var reads = 0;

        var result = log.Verifier.Verify(log.Entries.Select(e => { reads++; return e; }), log.Checkpoint());

        Assert.True(result.IsIntact);
        Assert.Equal(5, reads);
    }

    private static List<AuditEntry> Edit(List<AuditEntry> log, long sequence, Func<AuditEntry, AuditEntry> change) =>
        log.Select(e => e.Sequence == sequence ? change(e) : e).ToList();

    private static Dictionary<string, string> With(IReadOnlyDictionary<string, string> details, string key, string value) =>
        new(details) { [key] = value };

    private static AuditEntry Rehash(AuditEntry entry) => entry with { EntryHash = AuditHash.Compute(entry)! };

    private static List<AuditEntry> RehashFrom(List<AuditEntry> log, long sequence)
    {
        var result = new List<AuditEntry>();
        foreach (var entry in log)
        {
            var previous = result.Count == 0 ? AuditHash.Genesis : result[^1].EntryHash;
            result.Add(entry.Sequence < sequence ? entry : Rehash(entry with { PreviousHash = previous }));
        }

        return result;
    }

    private static List<AuditEntry> Renumber(List<AuditEntry> log) =>
        RehashFrom(log.Select((e, i) => e with { Sequence = i + 1 }).ToList(), 1);

    /// <summary>A self-consistent entry that was never appended by the chain.</summary>
    private static AuditEntry Forged(List<AuditEntry> log, long sequence, string previousHash) =>
        Rehash(log[0] with { Sequence = sequence, PreviousHash = previousHash, Template = "forged" });

    private static List<AuditEntry> Insert(List<AuditEntry> log, int index, AuditEntry entry, bool renumber = false)
    {
        var result = new List<AuditEntry>(log);
        result.Insert(index, entry);
        return renumber
            ? result.Select((e, i) => i > index ? e with { Sequence = e.Sequence + 1 } : e).ToList()
            : result;
    }

    private static List<AuditEntry> Swap(List<AuditEntry> log, int a, int b)
    {
        var result = new List<AuditEntry>(log);
        (result[a], result[b]) = (result[b], result[a]);
        return result;
    }
}
