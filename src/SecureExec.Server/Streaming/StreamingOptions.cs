namespace SecureExec.Server.Streaming;

/// <summary><c>SecureExec:Streaming:*</c>: who may open a live stream from a browser, and how long it may stay open.</summary>
public sealed class StreamingOptions
{
    public const string Section = "SecureExec:Streaming";

    /// <summary>Origins (scheme://host[:port]) a browser may open streams from; empty means the server's own origin only.</summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>A WebSocket that sends nothing (not even a ping) for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>No stream stays open longer than this, whatever its token says.</summary>
    public TimeSpan MaxConnectionTime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a stream ticket may wait to be redeemed.</summary>
    public TimeSpan TicketLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an open stream checks that its token is still valid (not revoked, account unchanged).</summary>
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a stream looks for a change of status it was not told about (a queued job starting).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>An SSE stream with no event for this long gets a <c>: keep-alive</c> comment line.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The largest message a client may send on the WebSocket.</summary>
    public int MaxMessageBytes { get; set; } = 1024;

    /// <summary>How many messages a client may send per second on the WebSocket.</summary>
    public int MessagesPerSecond { get; set; } = 10;
}
