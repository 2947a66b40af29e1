using SecureExec.Core.Audit;
using SecureExec.Core.Templates.Validation;

namespace SecureExec.Server.Audit;

/// <summary>Which entries a query wants; every field is optional and they combine with AND.</summary>
internal sealed record AuditLogFilter
{
    /// <summary>Inclusive, UTC microseconds.</summary>
    public long? SinceMicros { get; init; }

    /// <summary>Exclusive, UTC microseconds.</summary>
    public long? UntilMicros { get; init; }

    public string? Subject { get; init; }

    public string? Client { get; init; }

    public string? Template { get; init; }

    public string? Action { get; init; }

    public string? Outcome { get; init; }

    public string? JobId { get; init; }

    public string? CorrelationId { get; init; }

    public IQueryable<AuditRecord> Apply(IQueryable<AuditRecord> rows)
    {
        if (SinceMicros is { } since)
        {
            rows = rows.Where(a => a.TimestampMicros >= since);
        }

        if (UntilMicros is { } until)
        {
            rows = rows.Where(a => a.TimestampMicros < until);
        }

        if (Subject is not null)
        {
            rows = rows.Where(a => a.Subject == Subject);
        }

        if (Client is not null)
        {
            rows = rows.Where(a => a.ClientId == Client);
        }

        if (Template is not null)
        {
            rows = rows.Where(a => a.Template == Template);
        }

        if (Action is not null)
        {
            rows = rows.Where(a => a.Action == Action);
        }

        if (Outcome is not null)
        {
            rows = rows.Where(a => a.Outcome == Outcome);
        }

        if (JobId is not null)
        {
            rows = rows.Where(a => a.JobId == JobId);
        }

        if (CorrelationId is not null)
        {
            rows = rows.Where(a => a.CorrelationId == CorrelationId);
        }

        return rows;
    }
}

/// <summary>
/// Reads query parameters into filters, collecting every error at once: each names its parameter and the rule it
/// broke. Unknown and repeated parameters are errors too, so a misspelt filter never silently widens a query.
/// </summary>
internal sealed class AuditQueryReader(IQueryCollection query, IReadOnlySet<string> known)
{
    public const int MaxTextLength = 256;

    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string[]> Errors => _errors;

    public bool IsValid => _errors.Count == 0;

    public void CheckUnknown()
    {
        foreach (var name in query.Keys.Where(k => !known.Contains(k)))
        {
            Fail(LogText.Encode(name), $"unknown query parameter; the known ones are {string.Join(", ", known.Order(StringComparer.Ordinal))}");
        }
    }

    public string? Text(string name)
    {
        var values = query[name];
        if (values.Count == 0)
        {
            return null;
        }

        if (values.Count > 1)
        {
            Fail(name, "given more than once");
            return null;
        }

        var value = values[0];
        if (string.IsNullOrEmpty(value) || value.Length > MaxTextLength)
        {
            Fail(name, $"must be 1 to {MaxTextLength} characters");
            return null;
        }

        return value;
    }

    /// <summary>A filter on stored text: stored entries hold encoded text, so the value is encoded the same way.</summary>
    public string? Stored(string name) => Text(name) is { } value ? LogText.Encode(value) : null;

    public string? OneOf(string name, IReadOnlyList<string> allowed)
    {
        var value = Text(name);
        if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
        {
            Fail(name, $"must be one of: {string.Join(", ", allowed)}");
            return null;
        }

        return value;
    }

    public long? Time(string name)
    {
        var value = Text(name);
        if (value is null)
        {
            return null;
        }

        if (!AuditTime.TryParse(value, out var time))
        {
            Fail(name, "must be " + AuditTime.Rule);
            return null;
        }

        return AuditTime.ToMicros(time);
    }

    public int Integer(string name, int fallback, int min, int max)
    {
        var value = Text(name);
        if (value is null)
        {
            return fallback;
        }

        if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            || number < min || number > max)
        {
            Fail(name, $"must be a whole number from {min} to {max}");
            return fallback;
        }

        return number;
    }

    /// <summary>since, until and the filters on the entry's fields.</summary>
    public AuditLogFilter Filter(bool fieldsToo = true)
    {
        var filter = new AuditLogFilter { SinceMicros = Time("since"), UntilMicros = Time("until") };
        if (filter.SinceMicros >= filter.UntilMicros)
        {
            Fail("until", "must be later than since");
        }

        if (!fieldsToo)
        {
            return filter;
        }

        return filter with
        {
            Subject = Stored("actor"),
            Client = Stored("client"),
            Template = Stored("template"),
            Action = OneOf("action", AuditActions.All),
            Outcome = OneOf("outcome", AuditOutcomes.All),
            JobId = Stored("job"),
            CorrelationId = Stored("correlation_id"),
        };
    }

    public void Fail(string name, string rule) =>
        _errors[name] = _errors.TryGetValue(name, out var existing) ? [.. existing, rule] : [rule];
}
