using System.Security.Claims;
using OpenIddict.Abstractions;
using SecureExec.Core.Audit;
using SecureExec.Server.Observability;

namespace SecureExec.Server.Api;

/// <summary>Audit content for what a request did: the caller, their address and the request's correlation id.</summary>
public static class AuditContext
{
    public static AuditContent Audit(this HttpContext context, string action, string outcome) => new()
    {
        Action = action,
        Outcome = outcome,
        Actor = context.User.AuditActor(),
        SourceAddress = context.Connection.RemoteIpAddress?.ToString(),
        CorrelationId = context.GetCorrelationId(),
    };

    /// <summary>The token's subject and client, or anonymous when the request carried no valid token.</summary>
    public static AuditActor AuditActor(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
            ? new AuditActor(user.FindFirst(OpenIddictConstants.Claims.Subject)?.Value, user.FindFirst(OpenIddictConstants.Claims.ClientId)?.Value)
            : Core.Audit.AuditActor.Anonymous;
}
