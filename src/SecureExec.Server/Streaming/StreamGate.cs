using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecureExec.Core.Audit;
using SecureExec.Server.Api;
using SecureExec.Server.Auth;
using SecureExec.Server.Jobs;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Streaming;

/// <summary>
/// Admits a stream request before anything is sent or upgraded: a browser's Origin must be allowed, the caller must
/// hold a valid access token (Authorization header), a stream ticket for this job or (with neither) a console session
/// cookie, and must be the job's owner or hold <c>jobs:read:all</c>. Every refusal is audited as <c>stream.denied</c>
/// (those an outsider can repeat, throttled) and answered like the REST API answers:
/// 403 for a foreign origin, 401 without valid credentials, 404 for a job the caller may not read (as for a missing one).
/// </summary>
internal sealed class StreamGate(StreamTickets tickets, AuthEventAudit audit, AuditThrottle throttle, IOptions<StreamingOptions> options)
{
    private const string NotFound = "not_found";

    public async Task<(JobRecord? Job, IResult? Refusal)> AdmitAsync(string jobId, HttpContext context, SecureExecDbContext db)
    {
        if (!OriginAllowed(context))
        {
            return (null, await DenyAsync(context, jobId, "origin", Problems.Forbidden()));
        }

        var ticket = context.Request.Query["ticket"].ToString();
        if (ticket.Length > 0)
        {
            var holder = tickets.Redeem(ticket, jobId);
            if (holder is null)
            {
                return (null, await DenyAsync(context, jobId, "ticket_invalid", Problems.Unauthorized("invalid_token", "The stream ticket is invalid, used or expired.")));
            }

            context.User = holder;
        }

        await ConsoleStreamSession.AuthenticateAsync(context);
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return (null, await DenyAsync(context, jobId, "no_token", Problems.Unauthorized()));
        }

        var job = jobId.Length == 32 ? await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, context.RequestAborted) : null;
        if (job is null || !context.User.CanRead(job))
        {
            return (null, await DenyAsync(context, jobId, NotFound, Problems.NotFound()));
        }

        return (job, null);
    }

    /// <summary>No Origin (not a browser) passes; a browser's must be the server's own or on the allow-list.</summary>
    private bool OriginAllowed(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }

        var own = $"{context.Request.Scheme}://{context.Request.Host}";
        return string.Equals(origin, own, StringComparison.OrdinalIgnoreCase)
            || options.Value.AllowedOrigins.Any(o => string.Equals(origin, o.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Audits the refusal. Those an outsider can repeat for free (no or an invalid credential, a foreign origin) are
    /// throttled like forged tokens: one entry per reason and address a minute, counting the ones left out. A refusal
    /// of an authenticated caller (<c>not_found</c>) is written every time.
    /// </summary>
    private async Task<IResult> DenyAsync(HttpContext context, string jobId, string reason, IResult result)
    {
        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["reason"] = reason,
            ["path"] = context.Request.Path.Value ?? "",
        };
        if (reason != NotFound)
        {
            if (!throttle.TryOpen($"{AuditActions.StreamDenied}|{reason}|{context.SourceKey()}", out var leftOut))
            {
                return result;
            }

            details["left_out_since_previous_entry"] = leftOut.ToString(CultureInfo.InvariantCulture);
        }

        await audit.RecordAsync(context, context.Audit(AuditActions.StreamDenied, AuditOutcomes.Denied) with
        {
            JobId = jobId.Length == 32 ? jobId : null,
            Details = details,
        });
        return result;
    }
}
