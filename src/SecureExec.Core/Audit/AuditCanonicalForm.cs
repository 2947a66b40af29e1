namespace SecureExec.Core.Audit;

/// <summary>
/// The exact bytes an entry's hash covers: its content and position (everything but the two hashes) as one
/// RFC 8785 (JCS) JSON object in UTF-8. The members, in this order, are always present:
/// <c>action, actor{client_id, subject}, correlation_id, details{…sorted…}, job_id, outcome, sequence,
/// source_address, template, time</c>; an absent value is <c>null</c>. docs/audit.md is the reference.
/// </summary>
public static class AuditCanonicalForm
{
    /// <summary>The canonical UTF-8 bytes; throws <see cref="ArgumentException"/> for text that is not valid UTF-16.</summary>
    public static byte[] Serialize(AuditEntry entry) => Write(entry).ToUtf8();

    /// <summary>The canonical form as text, for documentation and debugging.</summary>
    public static string ToText(AuditEntry entry) => Write(entry).ToString();

    internal static CanonicalJson Write(AuditEntry entry, bool withHashes = false)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var json = new CanonicalJson().StartObject()
            .Name("action").String(entry.Action)
            .Name("actor").StartObject()
                .Name("client_id").String(entry.Actor?.ClientId)
                .Name("subject").String(entry.Actor?.Subject)
            .EndObject()
            .Name("correlation_id").String(entry.CorrelationId)
            .Name("details").StartObject();
        foreach (var (key, value) in entry.Details.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            json.Name(key).String(value);
        }

        json.EndObject();
        if (withHashes)
        {
            json.Name("entry_hash").String(entry.EntryHash);
        }

        json.Name("job_id").String(entry.JobId)
            .Name("outcome").String(entry.Outcome);
        if (withHashes)
        {
            json.Name("previous_hash").String(entry.PreviousHash);
        }

        return json.Name("sequence").Integer(entry.Sequence)
            .Name("source_address").String(entry.SourceAddress)
            .Name("template").String(entry.Template)
            .Name("time").String(CanonicalJson.Time(entry.Timestamp))
            .EndObject();
    }
}
