using SecureExec.Core.Audit;

namespace SecureExec.Core.Tests.Audit;

public sealed class AuditVerifierSliceTests
{
    [Fact]
    public void VerifyFrom_ASliceAnchoredOnItsFirstEntry_IsIntact()
    {
        using var log = AuditTestLog.Create(6);
        var slice = log.Entries.Skip(2).ToList();

        var result = log.Verifier.VerifyFrom(new AuditChainHead(2, slice[0].PreviousHash), slice);

        Assert.True(result.IsIntact);
        Assert.Equal(4, result.EntriesVerified);
        Assert.Equal(AuditChainHead.Of(log.Entries[^1]), result.Head);
    }

    [Fact]
    public void VerifyFrom_TheGenesisAnchor_IsTheSameAsVerify()
    {
        using var log = AuditTestLog.Create(4);

        var result = log.Verifier.VerifyFrom(AuditChainHead.Empty, log.Entries);

        Assert.Equal(log.Verifier.Verify(log.Entries), result);
    }

    [Theory]
    [InlineData(3, AuditBreakKind.ContentChanged)]
    [InlineData(5, AuditBreakKind.ContentChanged)]
    public void VerifyFrom_AnEditInsideTheSlice_NamesIt(long edited, AuditBreakKind kind)
    {
        using var log = AuditTestLog.Create(6);
        var slice = log.Entries.Skip(2)
            .Select(e => e.Sequence == edited ? e with { Outcome = AuditOutcomes.Denied } : e)
            .ToList();

        var result = log.Verifier.VerifyFrom(new AuditChainHead(2, slice[0].PreviousHash), slice);

        Assert.Equal(edited, result.Break?.Sequence);
        Assert.Equal(kind, result.Break?.Kind);
    }

    [Fact]
    public void VerifyFrom_ADeletionInsideTheSlice_IsFound()
    {
        using var log = AuditTestLog.Create(6);
        var slice = log.Entries.Skip(2).Where(e => e.Sequence != 4).ToList();

        var result = log.Verifier.VerifyFrom(new AuditChainHead(2, slice[0].PreviousHash), slice);

        Assert.Equal(new AuditBreak(4, AuditBreakKind.EntryDeleted, result.Break!.Message), result.Break);
    }

    [Fact]
    public void VerifyFrom_AWrongAnchor_BreaksAtTheFirstEntry()
    {
        using var log = AuditTestLog.Create(4);

        var result = log.Verifier.VerifyFrom(new AuditChainHead(1, new string('1', 64)), log.Entries.Skip(1));

        Assert.Equal(2, result.Break?.Sequence);
    }
}
