using Microsoft.Extensions.Options;
using SecureExec.Server.Api;
using SecureExec.Server.Auth;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Streaming;

public static class StreamingEndpoints
{
    /// <summary>
    /// <c>GET /jobs/{id}/events</c> (Server-Sent Events), <c>GET /jobs/{id}/stream</c> (WebSocket) and
    /// <c>POST /jobs/{id}/stream-ticket</c> (a single-use ticket for a browser's WebSocket). See docs/streaming.md.
    /// </summary>
    public static IEndpointRouteBuilder MapStreamingEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var jobs = endpoints.MapGroup("/jobs").RequireRateLimiting(RateLimitPolicies.PerUserRead).WithTags("Streaming");
        jobs.MapGet("/{id}/events", EventsAsync).WithName("JobEvents").WithSummary("A job's live events as Server-Sent Events");
        jobs.MapGet("/{id}/stream", StreamAsync).WithName("JobStream").WithSummary("A job's live events over a WebSocket");
        jobs.MapPost("/{id}/stream-ticket", TicketAsync).RequireAccessToken().RequireRateLimiting(RateLimitPolicies.PerUser)
            .WithName("JobStreamTicket").WithSummary("A single-use ticket to open the job's WebSocket from a browser");
        return endpoints;
    }

    private static async Task<IResult> EventsAsync(
        string id, HttpContext context, SecureExecDbContext db, StreamGate gate, JobEventFeed feed, IServiceScopeFactory scopes,
        IOptions<StreamingOptions> options, TimeProvider time)
    {
        var (job, refusal) = await gate.AdmitAsync(id, context, db);
        if (job is null)
        {
            return refusal!;
        }

        if (!StreamCursor.TryParse(context.Request.Headers["Last-Event-ID"].ToString(), out var cursor))
        {
            return Problems.InvalidRequest("Last-Event-ID", "Last-Event-ID must be the id of an event this stream sent (stdout.stderr)");
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.Body.FlushAsync(context.RequestAborted);
        await using var guard = new StreamGuard(context.User, idleApplies: false, scopes, options, time, context.RequestAborted);
        try
        {
            await ServerSentEvents.WriteAllAsync(context.Response, feed.ReadAsync(job.Id, cursor, guard.Closing), options.Value.KeepAliveInterval, time, context.RequestAborted);
        }
        catch (OperationCanceledException) when (guard.Reason is not null && !context.RequestAborted.IsCancellationRequested)
        {
            await ServerSentEvents.WriteAsync(context.Response, StreamEvent.EndOf(guard.Reason), context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // the client left
        }

        return Results.Empty;
    }

    private static async Task<IResult> StreamAsync(
        string id, HttpContext context, SecureExecDbContext db, StreamGate gate, WebSocketSession session)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Problems.InvalidRequest("Upgrade", "this endpoint accepts WebSocket requests only");
        }

        var (job, refusal) = await gate.AdmitAsync(id, context, db);
        if (job is null)
        {
            return refusal!;
        }

        if (!StreamCursor.TryParse(context.Request.Query["after"].ToString(), out var cursor))
        {
            return Problems.InvalidRequest("after", "after must be the id of an event this stream sent (stdout.stderr)");
        }

        await session.RunAsync(context, job.Id, cursor);
        return Results.Empty;
    }

    private static async Task<IResult> TicketAsync(
        string id, HttpContext context, SecureExecDbContext db, StreamGate gate, StreamTickets tickets)
    {
        if (context.Request.Query.ContainsKey("ticket"))
        {
            return Problems.InvalidRequest("ticket", "a ticket cannot be used to obtain another");
        }

        var (job, refusal) = await gate.AdmitAsync(id, context, db);
        if (job is null)
        {
            return refusal!;
        }

        var (ticket, expiresAt) = tickets.Issue(job.Id, context.User);
        return TypedResults.Ok(new StreamTicket(ticket, expiresAt));
    }
}

/// <summary>A single-use ticket for <c>GET /jobs/{id}/stream?ticket=...</c>, valid until <c>expires_at</c>.</summary>
public sealed record StreamTicket(string Ticket, DateTimeOffset ExpiresAt);
