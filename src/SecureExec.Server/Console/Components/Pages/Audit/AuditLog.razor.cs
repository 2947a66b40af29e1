using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;
using SecureExec.Core.Audit;
using SecureExec.Server.Audit;

namespace SecureExec.Server.Console.Components.Pages.Audit;

/// <summary>
/// <c>/console/audit</c>: the log through the same filter and cursor paging as <c>GET /audit/logs</c>, the chain
/// verified as <c>GET /audit/verify</c> does, and an export as <c>GET /audit/export</c> writes it. Reading and verifying
/// are not audited, as in the API (a read per page would flood the log it reads); the export is.
/// </summary>
public sealed partial class AuditLog
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["since"] = "From:",
        ["until"] = "Until:",
        ["actor"] = "Actor:",
        ["client"] = "Client:",
        ["template"] = "Template:",
        ["action"] = "Action:",
        ["outcome"] = "Outcome:",
        ["job"] = "Job id:",
        ["correlation_id"] = "Correlation id:",
        ["limit"] = "Limit:",
        ["cursor"] = "Page:",
        ["order"] = "Order:",
    };

    [CascadingParameter] private HttpContext HttpContext { get; set; } = default!;

    private AuditLogPage? Page { get; set; }

    private IReadOnlyDictionary<string, string[]> Errors { get; set; } = new Dictionary<string, string[]>();

    private Dictionary<string, string> Names { get; set; } = [];

    private string? Cursor { get; set; }

    private (string? Since, string? Until) Window { get; set; }

    private AuditVerification? Verification { get; set; }

    protected override async Task OnInitializedAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var fields = ConsoleAuditQuery.Fields(HttpContext.Request.Query);
        await ConsoleAuditQuery.ResolveActorAsync(fields, Db, cancellationToken);
        var query = new AuditQueryReader(new QueryCollection(fields), AuditLogPages.Parameters);
        query.CheckUnknown();
        var request = AuditLogPages.Read(query);
        if (!query.IsValid)
        {
            Errors = query.Errors;
            HttpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        Cursor = request.Cursor is null ? null : fields["cursor"].ToString();
        Window = (Text(fields, "since"), Text(fields, "until"));
        Page = await AuditLogPages.ReadAsync(Db, request, cancellationToken);
        var subjects = Page.Entries.Select(e => e.Actor.Subject).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        Names = await Db.Users.AsNoTracking().Where(u => subjects.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, StringComparer.Ordinal, cancellationToken);
    }

    private async Task VerifyAsync() => Verification = await Verifier.VerifyAsync(Db, HttpContext.RequestAborted);

    private string? Query(string name) => HttpContext.Request.Query.TryGetValue(name, out var value) && value.Count > 0 ? value[0] : null;

    private Dictionary<string, object> Invalid(string field) => Errors.ContainsKey(field)
        ? new Dictionary<string, object> { ["aria-invalid"] = "true", ["aria-describedby"] = "filter-errors" }
        : [];

    /// <summary>This page with the same filters, at <paramref name="cursor"/> (null: the newest entries).</summary>
    private string PageLink(string? cursor)
    {
        var parameters = HttpContext.Request.Query
            .Where(p => p.Key != "cursor" && !StringValues.IsNullOrEmpty(p.Value))
            .SelectMany(p => p.Value.Select(v => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(v ?? "")}"))
            .ToList();
        if (cursor is not null)
        {
            parameters.Add("cursor=" + Uri.EscapeDataString(cursor));
        }

        return "/console/audit" + (parameters.Count == 0 ? "" : "?" + string.Join('&', parameters));
    }

    private static string? Text(Dictionary<string, StringValues> fields, string name) =>
        fields.TryGetValue(name, out var value) ? value.ToString() : null;

    /// <summary><c>2026-01-02 03:04:05</c> from the stored <c>2026-01-02T03:04:05.123456Z</c> (the full time is in the element's datetime).</summary>
    private static string Display(string timestamp) => timestamp.Length >= 19 ? timestamp[..19].Replace('T', ' ') : timestamp;

    private static string Short(string hash) => hash.Length > 16 ? hash[..16] + "…" : hash;
}
