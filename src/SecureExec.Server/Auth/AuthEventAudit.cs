using System.Globalization;
using SecureExec.Core.Audit;
using SecureExec.Server.Api;
using SecureExec.Server.Audit;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Auth;

/// <summary>
/// Audit entries for refusals that change no state. Those an outsider can repeat at no cost go through
/// <see cref="AuditThrottle"/>: a flood of forged tokens from one address costs one entry a minute, which counts the
/// ones left out. A failing audit store never turns the caller's refusal into a 500; it is logged for the operator.
/// </summary>
internal sealed partial class AuthEventAudit(AuditWriter audit, AuditThrottle throttle, ILogger<AuthEventAudit> logger)
{
    /// <summary><c>auth.token_rejected</c> for this request's address.</summary>
    public Task TokenRejectedAsync(HttpContext context, string reason) =>
        RecordThrottledAsync(context, AuditActions.TokenRejected, AuditOutcomes.Denied, context.SourceKey(), new Dictionary<string, string>
        {
            ["reason"] = reason,
            ["path"] = context.Request.Path.Value ?? "",
        });

    /// <summary>Writes <paramref name="action"/> unless one was written for <paramref name="key"/> within the window.</summary>
    public async Task RecordThrottledAsync(HttpContext context, string action, string outcome, string key, Dictionary<string, string> details)
    {
        if (!throttle.TryOpen($"{action}|{key}", out var leftOut))
        {
            return;
        }

        details["left_out_since_previous_entry"] = leftOut.ToString(CultureInfo.InvariantCulture);
        await RecordAsync(context, context.Audit(action, outcome) with { Details = details });
    }

    /// <summary>
    /// Writes one entry in its own transaction, even when the client has gone away: a caller that hangs up at once must
    /// not be able to keep its refusal (and, through the throttle, the next minute's) out of the log.
    /// </summary>
    public async Task RecordAsync(HttpContext context, AuditContent content)
    {
        try
        {
            await audit.SaveAsync(context.RequestServices.GetRequiredService<SecureExecDbContext>(), content, CancellationToken.None);
        }
        catch (Exception e)
        {
            AuditFailed(logger, content.Action, e);
        }
    }

    [LoggerMessage(EventId = 1320, Level = LogLevel.Error, Message = "Could not write {AuditAction} to the audit log")]
    private static partial void AuditFailed(ILogger logger, string auditAction, Exception exception);
}
