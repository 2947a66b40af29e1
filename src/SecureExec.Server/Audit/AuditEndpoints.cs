using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
    public const int DefaultLimit = AuditLogPages.DefaultLimit;
    public const int MaxLimit = AuditLogPages.MaxLimit;

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
        var query = new AuditQueryReader(context.Request.Query, AuditLogPages.Parameters);
        query.CheckUnknown();
        var request = AuditLogPages.Read(query);
        return query.IsValid ? TypedResults.Ok(await AuditLogPages.ReadAsync(db, request, cancellationToken)) : Invalid(query);
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

        return await AuditExportWriter.ExportAsync(context, db, audit, window, "api", cancellationToken);
    }

    private static ValidationProblem Invalid(AuditQueryReader query) => Problems.InvalidRequest(query.Errors);
}
