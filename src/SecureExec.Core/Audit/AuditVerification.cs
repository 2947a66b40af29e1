namespace SecureExec.Core.Audit;

/// <summary>How a log fails verification. The names are stable: the API, the CLI and reports use them.</summary>
public enum AuditBreakKind
{
    /// <summary>An entry's content is not what was hashed when it was written.</summary>
    ContentChanged,

    /// <summary>An entry's content is intact but one of its hash fields was altered.</summary>
    HashMismatch,

    /// <summary>A sequence number is missing: the entry was deleted.</summary>
    EntryDeleted,

    /// <summary>An entry that was never part of the chain sits where this sequence number should be.</summary>
    EntryInserted,

    /// <summary>Genuine entries appear out of order.</summary>
    EntriesReordered,

    /// <summary>The log ends before the count a signed checkpoint attests.</summary>
    TailTruncated,

    /// <summary>The entry at a signed checkpoint's count does not carry the checkpoint's head hash: the log was rewritten.</summary>
    CheckpointMismatch,

    /// <summary>A checkpoint is signed by no trusted key.</summary>
    CheckpointUnknownKey,

    /// <summary>A checkpoint's signature does not verify: forged, or altered after signing.</summary>
    CheckpointBadSignature,
}

/// <summary>The first place a log fails: the sequence number it names, the kind of break, and why, for people.</summary>
public sealed record AuditBreak(long Sequence, AuditBreakKind Kind, string Message);

/// <summary>The outcome of <see cref="AuditVerifier.Verify"/>.</summary>
/// <param name="EntriesVerified">Entries accepted before the first break (all of them when intact).</param>
/// <param name="Head">The last accepted entry's position, or the starting anchor when none was.</param>
/// <param name="Break">The first break; null when the log verified.</param>
public sealed record AuditVerification(long EntriesVerified, AuditChainHead Head, AuditBreak? Break)
{
    public bool IsIntact => Break is null;
}
