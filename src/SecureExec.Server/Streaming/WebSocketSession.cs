using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecureExec.Server.Jobs;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Streaming;

/// <summary>
/// One admitted WebSocket: sends the job's events as JSON text messages and reads the client's, which may only be
/// <c>{"type":"ping"}</c> (answered <c>{"type":"pong"}</c>) or <c>{"type":"cancel"}</c> (cancels the job as
/// <c>POST /jobs/{id}/cancel</c> would). A message that is not one of those, larger than
/// <see cref="StreamingOptions.MaxMessageBytes"/>, binary, or over <see cref="StreamingOptions.MessagesPerSecond"/>
/// closes the socket with 1008 (policy violation).
/// </summary>
internal sealed class WebSocketSession(JobEventFeed feed, JobCanceller canceller, IServiceScopeFactory scopes, IOptions<StreamingOptions> options, TimeProvider time)
{
    private static readonly byte[] Pong = """{"type":"pong"}"""u8.ToArray();
    private static readonly byte[] CancelRefused = """{"type":"error","error":"forbidden"}"""u8.ToArray();

    public async Task RunAsync(HttpContext context, string jobId, StreamCursor cursor)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        await using var guard = new StreamGuard(context.User, idleApplies: true, scopes, options, time, context.RequestAborted);
        using var sending = new SemaphoreSlim(1, 1);
        var reading = ReadAsync(context, socket, jobId, guard, sending);
        try
        {
            await foreach (var e in feed.ReadAsync(jobId, cursor, guard.Closing))
            {
                await SendAsync(socket, sending, e.ToMessage(), context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // closing: the reason decides the close status below
        }
        catch (WebSocketException)
        {
            return;
        }

        await CloseAsync(socket, sending, guard.Reason);
        await guard.StopAsync();

        // Wait briefly for the client's half of the close handshake; a client that never answers is cut off.
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5), time);
        using var abort = grace.Token.Register(socket.Abort);
        await reading;
        await DrainAsync(socket, grace.Token);
    }

    /// <summary>After a policy violation ended the reading, reads on until the client's close frame arrives.</summary>
    private static async Task DrainAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.CloseSent)
            {
                await socket.ReceiveAsync(buffer, cancellationToken);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // the client is gone
        }
    }

    /// <summary>1000 when the job ended; 1008 with the reason when the server ends the stream early.</summary>
    private static async Task CloseAsync(WebSocket socket, SemaphoreSlim sending, string? reason)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        await sending.WaitAsync();
        try
        {
            var (status, text) = reason is not null ? (WebSocketCloseStatus.PolicyViolation, reason)
                : (WebSocketCloseStatus.NormalClosure, "job ended");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await socket.CloseOutputAsync(status, text, timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // the client is gone
        }
        finally
        {
            sending.Release();
        }
    }

    /// <summary>Reads client messages until the socket closes or a message breaks the rules.</summary>
    private async Task ReadAsync(HttpContext context, WebSocket socket, string jobId, StreamGuard guard, SemaphoreSlim sending)
    {
        var limits = options.Value;
        var buffer = new byte[limits.MaxMessageBytes];
        var windowStart = time.GetUtcNow();
        var inWindow = 0;
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    guard.ClientClosed();
                    return;
                }

                guard.Touch();
                var now = time.GetUtcNow();
                if (now - windowStart >= TimeSpan.FromSeconds(1))
                {
                    (windowStart, inWindow) = (now, 0);
                }

                var violation = ++inWindow > limits.MessagesPerSecond ? "too many messages"
                    : !received.EndOfMessage ? "message too large"
                    : received.MessageType != WebSocketMessageType.Text ? "text messages only"
                    : TypeOf(buffer.AsSpan(0, received.Count)) is { } type ? null
                    : "only {\"type\":\"ping\"} and {\"type\":\"cancel\"} are accepted";
                if (violation is not null)
                {
                    guard.Violated(violation);
                    return;
                }

                var reply = TypeOf(buffer.AsSpan(0, received.Count)) == "ping" ? Pong : await CancelAsync(context, jobId);
                if (reply is not null && !guard.Closing.IsCancellationRequested)
                {
                    await SendAsync(socket, sending, reply, context.RequestAborted);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // closed
        }
    }

    private async Task<byte[]?> CancelAsync(HttpContext context, string jobId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        var job = await db.Jobs.FirstOrDefaultAsync(j => j.Id == jobId, CancellationToken.None);
        if (job is null || !context.User.CanCancel(job))
        {
            return CancelRefused;
        }

        // A job that has already ended is not an error here: its result arrives on the stream.
        await canceller.CancelAsync(context, db, job);
        return null;
    }

    /// <summary>"ping" or "cancel" when the message is exactly <c>{"type":"ping"}</c> or <c>{"type":"cancel"}</c>; null otherwise.</summary>
    private static string? TypeOf(ReadOnlySpan<byte> message)
    {
        try
        {
            var reader = new Utf8JsonReader(message);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || root.EnumerateObject().Count() != 1
                || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            return type.GetString() is "ping" or "cancel" ? type.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task SendAsync(WebSocket socket, SemaphoreSlim sending, byte[] message, CancellationToken cancellationToken)
    {
        await sending.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            sending.Release();
        }
    }
}
