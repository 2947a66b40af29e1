using System.Globalization;
using System.Text.Json;

namespace SecureExec.Core.Audit;

/// <summary>
/// The JSON Lines form of entries and checkpoints for exports, so <c>audit verify --file</c> and any other tool can
/// check them offline. An entry's line is its canonical object with <c>entry_hash</c> and <c>previous_hash</c> added,
/// itself canonical (RFC 8785); removing those two members gives back the exact bytes that were hashed.
/// </summary>
public static class AuditExport
{
    public static string ToJsonLine(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return AuditCanonicalForm.Write(entry, withHashes: true).ToString();
    }

    /// <summary>A checkpoint as one canonical JSON object: count, head_hash, key_id, signature, time.</summary>
    public static string ToJsonLine(AuditCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return new CanonicalJson().StartObject()
            .Name("count").Integer(checkpoint.Count)
            .Name("head_hash").String(checkpoint.HeadHash)
            .Name("key_id").String(checkpoint.KeyId)
            .Name("signature").String(checkpoint.Signature)
            .Name("time").String(CanonicalJson.Time(checkpoint.Time))
            .EndObject()
            .ToString();
    }

    /// <summary>Reads an entry line; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static AuditEntry ParseEntry(string line)
    {
        using var document = Parse(line);
        var root = document.RootElement;
        Expect(root, "action", "actor", "correlation_id", "details", "entry_hash", "job_id", "outcome", "previous_hash",
            "sequence", "source_address", "template", "time");
        var actor = root.GetProperty("actor");
        if (actor.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("actor is not an object");
        }

        Expect(actor, "client_id", "subject");
        var details = root.GetProperty("details");
        if (details.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("details is not an object");
        }

        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in details.EnumerateObject())
        {
            map[member.Name] = Text(member.Value, "details." + member.Name) ?? throw new FormatException($"details.{member.Name} is null");
        }

        return new AuditEntry
        {
            Sequence = Integer(root.GetProperty("sequence"), "sequence"),
            Timestamp = Time(root.GetProperty("time"), "time"),
            Action = Required(root, "action"),
            Outcome = Required(root, "outcome"),
            Actor = new AuditActor(Text(actor.GetProperty("subject"), "actor.subject"), Text(actor.GetProperty("client_id"), "actor.client_id")),
            SourceAddress = Text(root.GetProperty("source_address"), "source_address"),
            CorrelationId = Text(root.GetProperty("correlation_id"), "correlation_id"),
            Template = Text(root.GetProperty("template"), "template"),
            JobId = Text(root.GetProperty("job_id"), "job_id"),
            Details = map.AsReadOnly(),
            PreviousHash = Required(root, "previous_hash"),
            EntryHash = Required(root, "entry_hash"),
        };
    }

    /// <summary>Reads a checkpoint line; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static AuditCheckpoint ParseCheckpoint(string line)
    {
        using var document = Parse(line);
        var root = document.RootElement;
        Expect(root, "count", "head_hash", "key_id", "signature", "time");
        return new AuditCheckpoint(
            Integer(root.GetProperty("count"), "count"),
            Required(root, "head_hash"),
            Time(root.GetProperty("time"), "time"),
            Required(root, "key_id"),
            Required(root, "signature"));
    }

    private static JsonDocument Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        try
        {
            var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new FormatException("a line is one JSON object");
            }

            return document;
        }
        catch (JsonException e)
        {
            throw new FormatException("not JSON: " + e.Message, e);
        }
    }

    /// <summary>Exactly these members: a missing one or an extra one is an error, never silently dropped.</summary>
    private static void Expect(JsonElement element, params string[] names)
    {
        var present = element.EnumerateObject().Select(p => p.Name).ToList();
        if (present.Count != present.Distinct(StringComparer.Ordinal).Count())
        {
            throw new FormatException("a member appears twice");
        }

        var missing = names.Except(present, StringComparer.Ordinal).ToList();
        var extra = present.Except(names, StringComparer.Ordinal).ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            throw new FormatException(
                $"members missing: [{string.Join(", ", missing)}], unknown: [{string.Join(", ", extra)}]");
        }
    }

    private static string Required(JsonElement root, string name) =>
        Text(root.GetProperty(name), name) ?? throw new FormatException(name + " is null");

    private static string? Text(JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        _ => throw new FormatException(name + " is not a string"),
    };

    private static long Integer(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number is >= 0 and <= CanonicalJson.MaxInteger
            ? number
            : throw new FormatException(name + " is not a whole number");

    private static DateTimeOffset Time(JsonElement value, string name)
    {
        var text = Text(value, name);
        return DateTimeOffset.TryParseExact(
            text, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new FormatException(name + " is not a UTC time with six fractional digits");
    }
}
