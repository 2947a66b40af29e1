using SecureExec.Core.Audit;
using SecureExec.Core.Authorization;
using SecureExec.Core.Templates;
using SecureExec.Server.Api;
using SecureExec.Server.Audit;
using SecureExec.Server.Auth;
using SecureExec.Server.Observability;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Commands;

/// <summary>
/// Decides whether the caller may use a template, before anything else is looked at. An unknown name and a
/// forbidden template get the same answer; the audit log tells them apart (<c>authz.unknown_command</c> with the
/// name encoded, <c>authz.denied</c>).
/// </summary>
internal sealed class CommandAuthorization(TemplateCatalog catalog, AuditWriter audit, ServerMetrics metrics)
{
    /// <summary>The template when the caller may run it; otherwise null, with the refusal audited and counted.</summary>
    public async Task<CommandTemplate?> AuthorizeAsync(HttpContext context, SecureExecDbContext db, string name)
    {
        var template = catalog.Find(name);
        if (template is not null && PermissionPolicy.CanRun(template, context.User.Scopes()))
        {
            return template;
        }

        var unknown = template is null;
        metrics.Denied(unknown ? "unknown_command" : "insufficient_scope");
        var content = context.Audit(unknown ? AuditActions.UnknownCommand : AuditActions.Denied, AuditOutcomes.Denied) with
        {
            Template = name,
            Details = new Dictionary<string, string> { ["endpoint"] = $"{context.Request.Method} {RoutePattern(context)}" },
        };
        // Recorded even when the client has gone away: a probe is worth keeping.
        await audit.SaveAsync(db, content, CancellationToken.None);
        return null;
    }

    private static string RoutePattern(HttpContext context) =>
        (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "";
}
