using System.Text;

namespace SecureExec.Server.Streaming;

/// <summary>
/// Writes a job's events as Server-Sent Events, and a <c>: keep-alive</c> comment whenever
/// <see cref="StreamingOptions.KeepAliveInterval"/> passes without one, so proxies and load balancers do not close a
/// quiet stream as idle. Time is the injected <see cref="TimeProvider"/>'s.
/// </summary>
internal static class ServerSentEvents
{
    public const string KeepAlive = ": keep-alive\n\n";

    /// <summary>Writes every event of <paramref name="events"/>; cancellation of the feed surfaces as its exception.</summary>
    public static async Task WriteAllAsync(HttpResponse response, IAsyncEnumerable<StreamEvent> events, TimeSpan keepAliveInterval, TimeProvider time, CancellationToken aborted)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var feed = events.GetAsyncEnumerator(stop.Token);
        var next = feed.MoveNextAsync().AsTask();
        var quiet = Quiet(keepAliveInterval, time, aborted);
        try
        {
            while (true)
            {
                if (await Task.WhenAny(next, quiet.Elapsed) != next)
                {
                    quiet = quiet.Restart(keepAliveInterval, time, aborted);
                    await response.WriteAsync(KeepAlive, aborted);
                    await response.Body.FlushAsync(aborted);
                    continue;
                }

                if (!await next)
                {
                    return;
                }

                // The next quiet period starts before the event is written: a client that has read it can rely on it.
                quiet = quiet.Restart(keepAliveInterval, time, aborted);
                await WriteAsync(response, feed.Current, aborted);
                next = feed.MoveNextAsync().AsTask();
            }
        }
        finally
        {
            quiet.Dispose();
            await stop.CancelAsync();
            await Task.WhenAny(next);
            await feed.DisposeAsync();
        }
    }

    /// <summary>One event: <c>id</c> when it has one, <c>event</c>, and <c>data</c> as one line of JSON.</summary>
    public static async Task WriteAsync(HttpResponse response, StreamEvent e, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        if (e.Id is not null)
        {
            text.Append("id: ").Append(e.Id).Append('\n');
        }

        text.Append("event: ").Append(e.Type).Append('\n').Append("data: ").Append(e.DataJson()).Append("\n\n");
        await response.WriteAsync(text.ToString(), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private static QuietPeriod Quiet(TimeSpan interval, TimeProvider time, CancellationToken aborted)
    {
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        return new QuietPeriod(Task.Delay(interval, time, cancel.Token), cancel);
    }

    /// <summary>A pending keep-alive: <see cref="Elapsed"/> completes when the interval passes (or the client leaves).</summary>
    private sealed record QuietPeriod(Task Elapsed, CancellationTokenSource Cancel) : IDisposable
    {
        public QuietPeriod Restart(TimeSpan interval, TimeProvider time, CancellationToken aborted)
        {
            var next = Quiet(interval, time, aborted);
            Dispose();
            return next;
        }

        public void Dispose()
        {
            Cancel.Cancel();
            Cancel.Dispose();
        }
    }
}
