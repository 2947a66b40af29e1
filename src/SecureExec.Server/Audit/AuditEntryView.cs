using System.Text.Json.Serialization;
using SecureExec.Core.Audit;

namespace SecureExec.Server.Audit;

/// <summary>One entry as <c>GET /audit/logs</c> returns it. Text is as stored: already encoded, printable ASCII.</summary>
internal sealed record AuditEntryView(
    [property: JsonPropertyName("sequence")] long Sequence,
    [property: JsonPropertyName("timestamp")] string Timestamp,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("actor")] AuditActorView Actor,
    [property: JsonPropertyName("source_address")] string? SourceAddress,
    [property: JsonPropertyName("correlation_id")] string? CorrelationId,
    [property: JsonPropertyName("template")] string? Template,
    [property: JsonPropertyName("job_id")] string? JobId,
    [property: JsonPropertyName("details")] IReadOnlyDictionary<string, string> Details,
    [property: JsonPropertyName("previous_hash")] string PreviousHash,
    [property: JsonPropertyName("entry_hash")] string EntryHash)
{
    public static AuditEntryView Of(AuditEntry entry) => new(
        entry.Sequence,
        AuditTime.Format(entry.Timestamp),
        entry.Action,
        entry.Outcome,
        new AuditActorView(entry.Actor.Subject, entry.Actor.ClientId),
        entry.SourceAddress,
        entry.CorrelationId,
        entry.Template,
        entry.JobId,
        new SortedDictionary<string, string>(entry.Details.ToDictionary(), StringComparer.Ordinal),
        entry.PreviousHash,
        entry.EntryHash);
}

internal sealed record AuditActorView(
    [property: JsonPropertyName("subject")] string? Subject,
    [property: JsonPropertyName("client")] string? Client);

/// <summary>A page of entries; <c>next_cursor</c> is null on the last page.</summary>
internal sealed record AuditLogPage(
    [property: JsonPropertyName("entries")] IReadOnlyList<AuditEntryView> Entries,
    [property: JsonPropertyName("next_cursor")] string? NextCursor);

/// <summary><c>GET /audit/verify</c>'s answer: 200 whether or not the chain is intact; <c>intact</c> tells.</summary>
internal sealed record AuditVerifyView(
    [property: JsonPropertyName("intact")] bool Intact,
    [property: JsonPropertyName("entries_verified")] long EntriesVerified,
    [property: JsonPropertyName("head")] AuditHeadView Head,
    [property: JsonPropertyName("first_break")] AuditBreakView? FirstBreak)
{
    public static AuditVerifyView Of(AuditVerification result) => new(
        result.IsIntact,
        result.EntriesVerified,
        new AuditHeadView(result.Head.Count, result.Head.Hash),
        result.Break is { } broken ? new AuditBreakView(broken.Sequence, broken.Kind.ToString(), broken.Message) : null);
}

internal sealed record AuditHeadView(
    [property: JsonPropertyName("count")] long Count,
    [property: JsonPropertyName("hash")] string Hash);

internal sealed record AuditBreakView(
    [property: JsonPropertyName("sequence")] long Sequence,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("message")] string Message);
