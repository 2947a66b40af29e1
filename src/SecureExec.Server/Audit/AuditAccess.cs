using System.Security.Claims;
using OpenIddict.Abstractions;
using SecureExec.Core.Audit;
using SecureExec.Core.Authorization;
using SecureExec.Server.Api;
using SecureExec.Server.Storage;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SecureExec.Server.Audit;

/// <summary>Who may read the audit log: a token holding <c>audit:read</c>.</summary>
internal static class AuditAccess
{
    /// <summary>
    /// The scopes of the validated token, whether the validator kept them as one space-separated <c>scope</c> claim
    /// or split them into OpenIddict's private scope claims.
    /// </summary>
    // TODO: use the auth feature's ClaimsPrincipal.Scopes() once merged, which also narrows by the user's current roles.
    public static IReadOnlySet<string> ScopesOf(ClaimsPrincipal user)
    {
        var scopes = new HashSet<string>(user.GetScopes(), StringComparer.Ordinal);
        foreach (var claim in user.FindAll(Claims.Scope))
        {
            scopes.UnionWith(claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }

        return scopes;
    }
}

/// <summary>
/// Refuses a caller whose token lacks <c>audit:read</c> with 403 <c>insufficient_scope</c> and a generic body, and
/// records the refusal as <c>authz.denied</c>.
/// </summary>
internal sealed class AuditReadFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (AuditAccess.ScopesOf(http.User).Contains(ReservedScopes.AuditRead))
        {
            return await next(context);
        }

        var db = http.RequestServices.GetRequiredService<SecureExecDbContext>();
        var audit = http.RequestServices.GetRequiredService<AuditWriter>();
        await audit.SaveAsync(db, http.Audit(AuditActions.Denied, AuditOutcomes.Denied) with
        {
            Details = new Dictionary<string, string>
            {
                ["required_scope"] = ReservedScopes.AuditRead,
                ["path"] = http.Request.Path.Value ?? "",
            },
        }, http.RequestAborted);

        http.Response.Headers.WWWAuthenticate = $"Bearer error=\"insufficient_scope\", scope=\"{ReservedScopes.AuditRead}\"";
        return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, type: ProblemTypes.Forbidden, title: "Forbidden");
    }
}
