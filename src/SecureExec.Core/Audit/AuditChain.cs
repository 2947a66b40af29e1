namespace SecureExec.Core.Audit;

/// <summary>Where a chain ends: how many entries it holds and the hash of the last (the genesis hash when empty).</summary>
public sealed record AuditChainHead(long Count, string Hash)
{
    public static AuditChainHead Empty { get; } = new(0, AuditHash.Genesis);

    public static AuditChainHead Of(AuditEntry last) => new(last.Sequence, last.EntryHash);
}

/// <summary>
/// Seals audit content into hash-chained entries: each gets the next sequence number, the time from the injected
/// <see cref="TimeProvider"/> and the previous entry's hash. The caller persists each entry in the same transaction as
/// the change it records; with several writers, the store's unique sequence is the arbiter and
/// <see cref="Link"/> is the pure step to retry.
/// </summary>
public sealed class AuditChain
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private AuditChainHead _head;

    /// <param name="time">The clock entries are stamped with.</param>
    /// <param name="head">The last persisted entry's position, when resuming a log; empty for a new one.</param>
    public AuditChain(TimeProvider time, AuditChainHead? head = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _head = head ?? AuditChainHead.Empty;
        if (_head.Count < 0 || !AuditHash.IsWellFormed(_head.Hash))
        {
            throw new ArgumentException("a chain head is a count of zero or more and 64 lowercase hex digits", nameof(head));
        }
    }

    public AuditChainHead Head
    {
        get
        {
            lock (_gate)
            {
                return _head;
            }
        }
    }

    public AuditEntry Append(AuditContent content)
    {
        lock (_gate)
        {
            var entry = Link(_head, content, _time.GetUtcNow());
            _head = AuditChainHead.Of(entry);
            return entry;
        }
    }

    /// <summary>Signs the current head: the checkpoint that later proves no entry up to here was cut or rewritten.</summary>
    public AuditCheckpoint Checkpoint(IAuditCheckpointSigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var head = Head;
        return signer.Sign(new AuditCheckpointContent(head.Count, head.Hash, _time.GetUtcNow()));
    }

    /// <summary>The entry that follows <paramref name="head"/>: content encoded, time cut to whole microseconds, hashed.</summary>
    public static AuditEntry Link(AuditChainHead head, AuditContent content, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(content);
        var encoded = content.Encoded();
        var entry = new AuditEntry
        {
            Sequence = head.Count + 1,
            Timestamp = CanonicalJson.ToMicroseconds(time),
            Action = encoded.Action,
            Outcome = encoded.Outcome,
            Actor = encoded.Actor,
            SourceAddress = encoded.SourceAddress,
            CorrelationId = encoded.CorrelationId,
            Template = encoded.Template,
            JobId = encoded.JobId,
            Details = encoded.Details,
            PreviousHash = head.Hash,
            EntryHash = "",
        };
        var hash = AuditHash.Compute(entry)
            ?? throw new ArgumentException("the chain head's hash is not 64 lowercase hex digits", nameof(head));
        return entry with { EntryHash = hash };
    }
}
