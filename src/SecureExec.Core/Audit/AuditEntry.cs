using System.Collections.ObjectModel;

namespace SecureExec.Core.Audit;

/// <summary>
/// One sealed entry of the audit log. Every text field holds encoded text (printable ASCII only), so an entry can be
/// written as a log line, a CSV row or a JSON line without forging another. There is no field for a token or a
/// password. <see cref="EntryHash"/> = SHA-256(<see cref="PreviousHash"/> ‖ <see cref="AuditCanonicalForm"/>), both
/// as 64 lowercase hex digits; see docs/audit.md.
/// </summary>
public sealed record AuditEntry
{
    internal static readonly IReadOnlyDictionary<string, string> NoDetails =
        new ReadOnlyDictionary<string, string>(new Dictionary<string, string>());

    /// <summary>1 for the first entry ever written, then one more for each entry; pruning never renumbers.</summary>
    public required long Sequence { get; init; }

    /// <summary>UTC, whole microseconds, so it survives every store's timestamp type unchanged.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    public required string Action { get; init; }

    public required string Outcome { get; init; }

    public required AuditActor Actor { get; init; }

    public string? SourceAddress { get; init; }

    public string? CorrelationId { get; init; }

    public string? Template { get; init; }

    public string? JobId { get; init; }

    public IReadOnlyDictionary<string, string> Details { get; init; } = NoDetails;

    /// <summary>The <see cref="EntryHash"/> of the entry before, or <see cref="AuditHash.Genesis"/> for sequence 1.</summary>
    public required string PreviousHash { get; init; }

    public required string EntryHash { get; init; }
}
