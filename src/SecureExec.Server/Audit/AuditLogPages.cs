using Microsoft.EntityFrameworkCore;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Audit;

/// <summary>What a page of the log asks for: the filter, how many entries, the order and where to continue.</summary>
internal sealed record AuditPageRequest(AuditLogFilter Filter, int Limit, bool Ascending, AuditCursor? Cursor);

/// <summary>
/// Reading the log a page at a time, as <c>GET /audit/logs</c> and the console's audit page both do: the query
/// parameters read into an <see cref="AuditPageRequest"/> (every error at once), then the page and its next cursor.
/// </summary>
internal static class AuditLogPages
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static readonly IReadOnlySet<string> Parameters = new HashSet<string>(StringComparer.Ordinal)
    {
        "since", "until", "actor", "client", "template", "action", "outcome", "job", "correlation_id", "limit", "cursor", "order",
    };

    /// <summary>The request <paramref name="query"/> holds; errors are collected on the reader (check its <c>IsValid</c>).</summary>
    public static AuditPageRequest Read(AuditQueryReader query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = query.Filter();
        var limit = query.Integer("limit", DefaultLimit, 1, MaxLimit);
        var ascending = query.OneOf("order", ["asc", "desc"]) == "asc";
        AuditCursor? cursor = null;
        if (query.Text("cursor") is { } text)
        {
            if (!AuditCursor.TryDecode(text, out var decoded))
            {
                query.Fail("cursor", "must be a next_cursor value returned by this endpoint");
            }
            else if (decoded.Ascending != ascending)
            {
                query.Fail("cursor", "was returned for the other order; pass the same order with it");
            }
            else
            {
                cursor = decoded;
            }
        }

        return new AuditPageRequest(filter, limit, ascending, cursor);
    }

    /// <summary>The entries the request selects, and the cursor of the next page (null on the last).</summary>
    public static async Task<AuditLogPage> ReadAsync(SecureExecDbContext db, AuditPageRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        var rows = request.Filter.Apply(db.AuditRecords.AsNoTracking());
        if (request.Cursor is { } after)
        {
            rows = request.Ascending ? rows.Where(a => a.Sequence > after.AfterSequence) : rows.Where(a => a.Sequence < after.AfterSequence);
        }

        rows = request.Ascending ? rows.OrderBy(a => a.Sequence) : rows.OrderByDescending(a => a.Sequence);
        var page = await rows.Take(request.Limit + 1).ToListAsync(cancellationToken);
        var more = page.Count > request.Limit;
        var entries = page.Take(request.Limit).Select(r => AuditEntryView.Of(r.ToEntry())).ToList();
        var next = more ? new AuditCursor(request.Ascending, entries[^1].Sequence).Encode() : null;
        return new AuditLogPage(entries, next);
    }
}
