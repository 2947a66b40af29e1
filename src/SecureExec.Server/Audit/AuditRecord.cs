using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SecureExec.Core.Audit;
using SecureExec.Core.Templates.Validation;

namespace SecureExec.Server.Audit;

/// <summary>An <see cref="AuditEntry"/> as a row. Rows are only ever inserted; the chain detects any other change.</summary>
public sealed class AuditRecord
{
    public long Sequence { get; init; }

    /// <summary>UTC microseconds since the Unix epoch, so ordering and range filters are exact on every provider.</summary>
    public long TimestampMicros { get; init; }

    public required string Action { get; init; }

    public required string Outcome { get; init; }

    public string? Subject { get; init; }

    public string? ClientId { get; init; }

    public string? SourceAddress { get; init; }

    public string? CorrelationId { get; init; }

    public string? Template { get; init; }

    public string? JobId { get; init; }

    public required string DetailsJson { get; init; }

    public required string PreviousHash { get; init; }

    public required string EntryHash { get; init; }

    public static AuditRecord From(AuditEntry entry) => new()
    {
        Sequence = entry.Sequence,
        TimestampMicros = (entry.Timestamp - DateTimeOffset.UnixEpoch).Ticks / 10,
        Action = entry.Action,
        Outcome = entry.Outcome,
        Subject = entry.Actor.Subject,
        ClientId = entry.Actor.ClientId,
        SourceAddress = entry.SourceAddress,
        CorrelationId = entry.CorrelationId,
        Template = entry.Template,
        JobId = entry.JobId,
        DetailsJson = JsonSerializer.Serialize(entry.Details),
        PreviousHash = entry.PreviousHash,
        EntryHash = entry.EntryHash,
    };

    /// <summary>
    /// The entry the row holds. Total: a row edited into something undecodable (bad JSON details, a time out of range)
    /// still becomes an entry, one whose hash cannot match, so reading and verifying report it instead of failing.
    /// </summary>
    public AuditEntry ToEntry() => new()
    {
        Sequence = Sequence,
        Timestamp = TimestampMicros >= 0 && TimestampMicros <= MaxMicros ? DateTimeOffset.UnixEpoch.AddTicks(TimestampMicros * 10) : DateTimeOffset.UnixEpoch,
        Action = Action,
        Outcome = Outcome,
        Actor = new AuditActor(Subject, ClientId),
        SourceAddress = SourceAddress,
        CorrelationId = CorrelationId,
        Template = Template,
        JobId = JobId,
        Details = DecodeDetails(DetailsJson),
        PreviousHash = PreviousHash,
        EntryHash = EntryHash,
    };

    /// <summary>The key under which details that are not a JSON object of strings are shown, encoded.</summary>
    public const string UndecodableDetailsKey = "_undecodable_details";

    private static readonly long MaxMicros = (DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).Ticks / 10;

    private static IReadOnlyDictionary<string, string> DecodeDetails(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
        }
        catch (JsonException)
        {
            return new Dictionary<string, string> { [UndecodableDetailsKey] = LogText.Encode(json) };
        }
    }
}

internal sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public void Configure(EntityTypeBuilder<AuditRecord> builder)
    {
        builder.ToTable("audit_log");
        builder.HasKey(a => a.Sequence);
        builder.Property(a => a.Sequence).ValueGeneratedNever();
        builder.HasIndex(a => a.TimestampMicros);
        builder.HasIndex(a => new { a.Action, a.Sequence });
        builder.HasIndex(a => new { a.Subject, a.Sequence });
        builder.HasIndex(a => new { a.JobId, a.Sequence });
        builder.HasIndex(a => new { a.Template, a.Sequence });
    }
}
