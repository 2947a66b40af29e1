using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SecureExec.Server.Api;
using SecureExec.Server.Audit;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Console;

/// <summary>
/// <c>POST /console/audit/export</c>: the audit page's download, the same JSON Lines as <c>GET /audit/export</c> for a
/// console session holding <c>audit:read</c>. A form post with an antiforgery token, since it writes an
/// <c>audit.exported</c> entry (with <c>via=console</c>) as the API's export does.
/// </summary>
internal static class ConsoleAuditExport
{
    public const string Path = "/console/audit/export";

    private static readonly IReadOnlySet<string> Parameters = new HashSet<string>(ConsoleAuditQuery.TimeFields, StringComparer.Ordinal);

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Path, ExportAsync)
            .RequireAuthorization(ConsolePolicies.AuditRead)
            .RequireRateLimiting(RateLimitPolicies.PerUserRead)
            .ExcludeFromDescription();

    private static async Task<Results<PushStreamHttpResult, ValidationProblem>> ExportAsync(
        [FromForm(Name = "since")] string? since,
        [FromForm(Name = "until")] string? until,
        HttpContext context,
        SecureExecDbContext db,
        AuditWriter audit,
        CancellationToken cancellationToken)
    {
        var fields = ConsoleAuditQuery.Fields([new("since", since), new("until", until)]);
        var query = new AuditQueryReader(new QueryCollection(fields), Parameters);
        var window = query.Filter(fieldsToo: false);
        if (!query.IsValid)
        {
            return Problems.InvalidRequest(query.Errors);
        }

        return await AuditExportWriter.ExportAsync(context, db, audit, window, "console", cancellationToken);
    }
}
