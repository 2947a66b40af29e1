using Microsoft.Extensions.Time.Testing;
using SecureExec.Core.Audit;

namespace SecureExec.Core.Tests.Audit;

public class AuditChainTests
{
    [Fact]
    public void Append_NumbersFromOne_AndChainsEachEntryToTheOneBefore()
    {
        using var log = AuditTestLog.Create(3);

        Assert.Equal([1L, 2L, 3L], log.Entries.Select(e => e.Sequence));
        Assert.Equal(AuditHash.Genesis, log.Entries[0].PreviousHash);
        Assert.Equal(log.Entries[0].EntryHash, log.Entries[1].PreviousHash);
        Assert.Equal(log.Entries[1].EntryHash, log.Entries[2].PreviousHash);
        Assert.All(log.Entries, e => Assert.Equal(AuditHash.Compute(e), e.EntryHash));
        Assert.Equal(new AuditChainHead(3, log.Entries[2].EntryHash), log.Chain.Head);
    }

    [Fact]
    public void Append_StampsTheInjectedClock_InUtcWholeMicroseconds()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)).AddTicks(1234567));
        var chain = new AuditChain(time);

        var first = chain.Append(AuditTestLog.Content(1));
        time.Advance(TimeSpan.FromMinutes(5));
        var second = chain.Append(AuditTestLog.Content(2));

        Assert.Equal(new DateTimeOffset(2026, 3, 4, 3, 6, 7, TimeSpan.Zero).AddTicks(1234560), first.Timestamp);
        Assert.Equal(TimeSpan.Zero, first.Timestamp.Offset);
        Assert.Equal(TimeSpan.FromMinutes(5), second.Timestamp - first.Timestamp);
    }

    [Fact]
    public void Append_AfterResumingFromTheLastStoredEntry_ContinuesTheSameChain()
    {
        using var log = AuditTestLog.Create(3);
        var resumed = new AuditChain(new FakeTimeProvider(AuditTestLog.Start.AddHours(1)), AuditChainHead.Of(log.Entries[^1]));

        var next = resumed.Append(AuditTestLog.Content(4));

        Assert.Equal(4, next.Sequence);
        Assert.True(log.Verifier.Verify([.. log.Entries, next]).IsIntact);
    }

    [Fact]
    public void Link_IsPure_SameHeadContentAndTimeGiveTheSameEntry()
    {
        var head = new AuditChainHead(41, new string('a', 64));
        var time = AuditTestLog.Start;

        var one = AuditChain.Link(head, AuditTestLog.Content(1), time);
        var two = AuditChain.Link(head, AuditTestLog.Content(1), time);

        Assert.Equal(42, one.Sequence);
        Assert.Equal(head.Hash, one.PreviousHash);
        Assert.Equal(one.EntryHash, two.EntryHash);
    }

    [Theory]
    [InlineData(-1, "0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData(0, "not-hex")]
    [InlineData(0, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Constructor_WithMalformedHead_Throws(long count, string hash) =>
        Assert.Throws<ArgumentException>(() => new AuditChain(TimeProvider.System, new AuditChainHead(count, hash)));

    [Theory]
    [InlineData("", "success")]
    [InlineData(" ", "success")]
    [InlineData("job.submitted", "")]
    public void Append_WithoutActionOrOutcome_Throws(string action, string outcome)
    {
        var chain = new AuditChain(new FakeTimeProvider(AuditTestLog.Start));

        Assert.Throws<ArgumentException>(() => chain.Append(new AuditContent { Action = action, Outcome = outcome }));
        Assert.Equal(0, chain.Head.Count);
    }

    [Fact]
    public void Append_FromManyThreads_GivesEverySequenceOnceInOneValidChain()
    {
        var chain = new AuditChain(new FakeTimeProvider(AuditTestLog.Start));
        var entries = new System.Collections.Concurrent.ConcurrentBag<AuditEntry>();

        Parallel.For(0, 200, i => entries.Add(chain.Append(AuditTestLog.Content(i))));

        var ordered = entries.OrderBy(e => e.Sequence).ToList();
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), ordered.Select(e => e.Sequence));
        Assert.True(new AuditVerifier().Verify(ordered).IsIntact);
    }

    [Fact]
    public void AuditActions_AreUniqueDottedLowercaseNames()
    {
        Assert.Equal(AuditActions.All.Count, AuditActions.All.Distinct().Count());
        Assert.All(AuditActions.All, a => Assert.Matches("^[a-z]+\\.[a-z_]+$", a));
        Assert.Contains("auth.token_rejected", AuditActions.All);
        Assert.Contains("security.injection_attempt", AuditActions.All);
        Assert.Contains(AuditActions.All, a => a.StartsWith("admin.", StringComparison.Ordinal));
    }
}
