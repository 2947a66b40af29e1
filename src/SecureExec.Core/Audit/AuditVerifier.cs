namespace SecureExec.Core.Audit;

/// <summary>
/// Recomputes a log's hash chain and names the first broken entry and how it broke; with a signed checkpoint it also
/// catches a truncated tail and a wholesale rewrite. Entries are read once, in the order given (sequence order, as
/// stored or exported); only after a break does it read further, to tell a deletion from a reordering or an insertion.
/// </summary>
public sealed class AuditVerifier
{
    private readonly IAuditCheckpointVerifier? _checkpoints;

    /// <param name="checkpoints">The trusted checkpoint keys; without them every checkpoint is from an unknown key.</param>
    public AuditVerifier(IAuditCheckpointVerifier? checkpoints = null) => _checkpoints = checkpoints;

    /// <param name="entries">The entries in the order stored or exported.</param>
    /// <param name="last">The latest signed checkpoint: the log must reach its count with its head hash.</param>
    /// <param name="start">For a pruned log, the checkpoint taken at pruning: the first entry follows its head.</param>
    public AuditVerification Verify(IEnumerable<AuditEntry> entries, AuditCheckpoint? last = null, AuditCheckpoint? start = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var anchor = AuditChainHead.Empty;
        if (start is not null)
        {
            if (CheckpointBreak(start) is { } invalid)
            {
                return new AuditVerification(0, anchor, invalid);
            }

            anchor = new AuditChainHead(start.Count, start.HeadHash);
        }

        return Walk(entries, anchor, last);
    }

    /// <summary>
    /// Verifies a slice of a log that starts after <paramref name="anchor"/> (an export from a given time, say) and
    /// trusts the anchor as given: only the slice's own links are proven, not how it joins the entries before it.
    /// </summary>
    /// <param name="anchor">The position the first entry must follow: its sequence − 1 and its previous hash.</param>
    /// <param name="entries">The entries in the order stored or exported.</param>
    /// <param name="last">The latest signed checkpoint, as for <see cref="Verify"/>.</param>
    public AuditVerification VerifyFrom(AuditChainHead anchor, IEnumerable<AuditEntry> entries, AuditCheckpoint? last = null)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        ArgumentNullException.ThrowIfNull(entries);
        return Walk(entries, anchor, last);
    }

    private AuditVerification Walk(IEnumerable<AuditEntry> entries, AuditChainHead anchor, AuditCheckpoint? last)
    {
        var lastTrusted = last is not null && _checkpoints?.Check(last) == CheckpointValidity.Valid ? last : null;
        var walk = new ChainWalk(anchor, lastTrusted);
        using var reader = entries.GetEnumerator();
        var current = Read(reader);
        while (current is not null)
        {
            var next = Read(reader);
            if (walk.Check(current, next, reader) is { } broken)
            {
                return new AuditVerification(walk.Verified, walk.Head, broken);
            }

            walk.Accept(current);
            current = next;
        }

        return new AuditVerification(walk.Verified, walk.Head, last is null ? null : CheckpointBreak(last) ?? walk.AgainstCheckpoint(last));
    }

    private static AuditEntry? Read(IEnumerator<AuditEntry> reader) =>
        reader.MoveNext() ? reader.Current ?? throw new ArgumentException("the entries hold a null", nameof(reader)) : null;

    private AuditBreak? CheckpointBreak(AuditCheckpoint checkpoint) =>
        (_checkpoints?.Check(checkpoint) ?? CheckpointValidity.UnknownKey) switch
        {
            CheckpointValidity.Valid => null,
            CheckpointValidity.UnknownKey => new AuditBreak(
                checkpoint.Count, AuditBreakKind.CheckpointUnknownKey, $"the checkpoint at {checkpoint.Count} is signed by key {checkpoint.KeyId}, which is not trusted"),
            _ => new AuditBreak(
                checkpoint.Count, AuditBreakKind.CheckpointBadSignature, $"the checkpoint at {checkpoint.Count} does not match its signature"),
        };

    /// <summary>The walk's state: where the verified chain ends and what it must continue from.</summary>
    private sealed class ChainWalk(AuditChainHead anchor, AuditCheckpoint? checkpoint)
    {
        private string? _beforeHead;
        private AuditEntry? _previous;
        private string? _hashAtCheckpoint = checkpoint?.Count == anchor.Count ? anchor.Hash : null;

        public AuditChainHead Head { get; private set; } = anchor;

        public long Verified { get; private set; }

        private long Expected => Head.Count + 1;

        public void Accept(AuditEntry entry)
        {
            _beforeHead = Head.Hash;
            _previous = entry;
            Head = AuditChainHead.Of(entry);
            Verified++;
            if (entry.Sequence == checkpoint?.Count)
            {
                _hashAtCheckpoint = entry.EntryHash;
            }
        }

        public AuditBreak? Check(AuditEntry entry, AuditEntry? next, IEnumerator<AuditEntry> rest)
        {
            var expected = Expected;
            var ownHash = AuditHash.Compute(entry);
            var selfConsistent = ownHash is not null && ownHash == entry.EntryHash;
            var linked = entry.PreviousHash == Head.Hash;
            if (entry.Sequence == expected && linked)
            {
                if (selfConsistent)
                {
                    return null;
                }

                return ownHash is not null && IsConfirmed(ownHash, expected, next)
                    ? Break(expected, AuditBreakKind.HashMismatch, "its entry hash was altered; the chain continues from the hash of its content")
                    : Break(expected, AuditBreakKind.ContentChanged, "its content does not match its hash");
            }

            if (_previous is not null && entry.PreviousHash == _beforeHead)
            {
                return Break(_previous.Sequence, AuditBreakKind.EntryInserted, "the entry after it chains to the entry before it");
            }

            if (linked || (entry.Sequence == expected && AuditHash.Compute(Head.Hash, entry) == entry.EntryHash))
            {
                if (next is not null && next.Sequence == expected && next.PreviousHash == Head.Hash)
                {
                    return Break(expected, AuditBreakKind.EntryInserted, "the entry after it claims the same place in the chain");
                }

                return entry.Sequence == expected
                    ? Break(expected, AuditBreakKind.HashMismatch, "its previous hash was altered; its content still follows the entry before")
                    : Break(expected, AuditBreakKind.ContentChanged, $"it follows {expected - 1} but carries sequence {entry.Sequence}");
            }

            if (entry.Sequence == expected)
            {
                return SamePlaceUnlinked(entry, next, expected, selfConsistent);
            }

            return OutOfPlace(entry, next, rest, expected);
        }

        public AuditBreak? AgainstCheckpoint(AuditCheckpoint last)
        {
            if (last.Count > Head.Count)
            {
                return Break(Head.Count + 1, AuditBreakKind.TailTruncated, $"a signed checkpoint attests {last.Count} entries; the log ends at {Head.Count}");
            }

            return _hashAtCheckpoint is not null && _hashAtCheckpoint != last.HeadHash
                ? Break(last.Count, AuditBreakKind.CheckpointMismatch, "its hash is not the head hash the checkpoint signed: the log was rewritten")
                : null;
        }

        /// <summary>The right sequence number, chained to something else, with no hash field simply altered.</summary>
        private AuditBreak SamePlaceUnlinked(AuditEntry entry, AuditEntry? next, long expected, bool selfConsistent)
        {
            if (next is not null && next.Sequence == expected && next.PreviousHash == Head.Hash)
            {
                return Break(expected, AuditBreakKind.EntryInserted, "the entry after it holds its place in the chain");
            }

            if (selfConsistent && _previous is not null && IsConfirmed(entry.EntryHash, expected, next))
            {
                return Break(expected - 1, AuditBreakKind.ContentChanged, "it was rewritten and rehashed; the entry after it still chains to the original");
            }

            return selfConsistent
                ? Break(expected, AuditBreakKind.EntryInserted, "a self-consistent entry that chains to no entry before it")
                : Break(expected, AuditBreakKind.ContentChanged, "neither its content nor its previous hash matches the chain");
        }

        /// <summary>A sequence number other than the next: tell a deletion from a reordering or an insertion.</summary>
        private static AuditBreak OutOfPlace(AuditEntry entry, AuditEntry? next, IEnumerator<AuditEntry> rest, long expected)
        {
            var expectedLater = false;
            var genuine = false;
            var duplicated = false;
            foreach (var later in Remaining(next, rest))
            {
                expectedLater |= later.Sequence == expected;
                duplicated |= later.Sequence == entry.Sequence;
                genuine |= later.PreviousHash == entry.EntryHash || later.EntryHash == entry.PreviousHash;
            }

            if (expectedLater)
            {
                return genuine && !duplicated
                    ? Break(expected, AuditBreakKind.EntriesReordered, $"sequence {entry.Sequence} appears before it")
                    : Break(expected, AuditBreakKind.EntryInserted, $"an entry that chains to nothing (sequence {entry.Sequence}) appears before it");
            }

            return entry.Sequence > expected
                ? Break(expected, AuditBreakKind.EntryDeleted, $"sequences {expected} to {entry.Sequence - 1} are missing")
                : Break(expected, AuditBreakKind.EntryInserted, $"sequence {entry.Sequence} appears again where it should be");
        }

        /// <summary>Whether the next entry, or the signed checkpoint at the end, continues from <paramref name="hash"/>.</summary>
        private bool IsConfirmed(string hash, long sequence, AuditEntry? next) =>
            next is not null
                ? next.PreviousHash == hash
                : checkpoint?.Count == sequence && checkpoint.HeadHash == hash;

        private static IEnumerable<AuditEntry> Remaining(AuditEntry? next, IEnumerator<AuditEntry> rest)
        {
            if (next is null)
            {
                yield break;
            }

            yield return next;
            while (rest.MoveNext())
            {
                yield return rest.Current;
            }
        }

        private static AuditBreak Break(long sequence, AuditBreakKind kind, string why) =>
            new(sequence, kind, $"entry {sequence}: {why}");
    }
}
