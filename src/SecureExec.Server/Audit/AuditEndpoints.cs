using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SecureExec.Core.Audit;
using SecureExec.Core.Authorization;
using SecureExec.Server.Api;
using SecureExec.Server.Auth;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Audit;

/// <summary>
/// <c>GET /audit/logs</c> (filtered, cursor-paged entries), <c>GET /audit/verify</c> (the stored chain recomputed)
/// and <c>GET /audit/export</c> (JSON Lines that verify offline), all for tokens with <c>audit:read</c>.
/// Reading pages and verifying are not audited (a read per page would flood the log it reads); an export is, as
/// <c>audit.exported</c>, and so is a refused caller, as <c>authz.denied</c>.
/// </summary>
public static class AuditEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    private static readonly IReadOnlySet<string> LogParameters = new HashSet<string>(StringComparer.Ordinal)
    {
        "since", "until", "actor", "client", "template", "action", "outcome", "job", "correlation_id", "limit", "cursor", "order",
    };

    private static readonly IReadOnlySet<string> ExportParameters = new HashSet<string>(StringComparer.Ordinal) { "since", "until" };

    /// <summary>The services the audit endpoints and <c>audit verify</c> use.</summary>
    public static IServiceCollection AddAuditLog(this IServiceCollection services)
    {
        services.TryAddSingleton<AuditLogVerifier>();
        return services;
    }

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/audit")
            .RequireScope(ReservedScopes.AuditRead)
            .RequireRateLimiting(RateLimitPolicies.PerUserRead)
            .WithTags("Audit");
        group.MapGet("/logs", ListAsync).WithName("ListAuditLog")
            .WithSummary("Audit entries, newest first, filtered and paged by cursor");
        group.MapGet("/verify", VerifyAsync).WithName("VerifyAuditLog")
            .WithSummary("Recompute the stored hash chain and name the first broken entry");
        group.MapGet("/export", ExportAsync).WithName("ExportAuditLog")
            .WithSummary("The log (or a time window of it) as JSON Lines with hashes, for offline verification");
        return endpoints;
    }

    private static async Task<Results<Ok<AuditLogPage>, ValidationProblem>> ListAsync(HttpContext context, SecureExecDbContext db, CancellationToken cancellationToken)
    {
        var query = new AuditQueryReader(context.Request.Query, LogParameters);
        query.CheckUnknown();
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

        if (!query.IsValid)
        {
            return Invalid(query);
        }

        var rows = filter.Apply(db.AuditRecords.AsNoTracking());
        if (cursor is { } after)
        {
            rows = ascending ? rows.Where(a => a.Sequence > after.AfterSequence) : rows.Where(a => a.Sequence < after.AfterSequence);
        }

        rows = ascending ? rows.OrderBy(a => a.Sequence) : rows.OrderByDescending(a => a.Sequence);
        var page = await rows.Take(limit + 1).ToListAsync(cancellationToken);
        var more = page.Count > limit;
        var entries = page.Take(limit).Select(r => AuditEntryView.Of(r.ToEntry())).ToList();
        var next = more ? new AuditCursor(ascending, entries[^1].Sequence).Encode() : null;
        return TypedResults.Ok(new AuditLogPage(entries, next));
    }

    private static async Task<Ok<AuditVerifyView>> VerifyAsync(SecureExecDbContext db, AuditLogVerifier verifier, CancellationToken cancellationToken) =>
        TypedResults.Ok(AuditVerifyView.Of(await verifier.VerifyAsync(db, cancellationToken)));

    private static async Task<Results<PushStreamHttpResult, ValidationProblem>> ExportAsync(
        HttpContext context, SecureExecDbContext db, AuditWriter audit, CancellationToken cancellationToken)
    {
        var query = new AuditQueryReader(context.Request.Query, ExportParameters);
        query.CheckUnknown();
        var window = query.Filter(fieldsToo: false);
        if (!query.IsValid)
        {
            return Invalid(query);
        }

        var range = await AuditExportWriter.RangeAsync(db, window, cancellationToken);
        await audit.SaveAsync(db, context.Audit(AuditActions.AuditExported, AuditOutcomes.Success) with
        {
            Details = AuditExportWriter.Details(range, window, "api"),
        }, cancellationToken);
        return TypedResults.Stream(
            body => AuditExportWriter.WriteAsync(db, range, body, cancellationToken),
            AuditExportWriter.ContentType,
            fileDownloadName: "audit.jsonl");
    }

    private static ValidationProblem Invalid(AuditQueryReader query) => Problems.InvalidRequest(query.Errors);
}
