namespace SecureExec.Server.Streaming;

public static class StreamingServiceCollectionExtensions
{
    /// <summary>Live job streams (<c>SecureExec:Streaming:*</c>, see <see cref="StreamingOptions"/>). Needs the jobs feature.</summary>
    public static IServiceCollection AddStreaming(this IServiceCollection services, IConfiguration configuration)
    {
        // Access tokens come only from the Authorization header (AddServerAuthentication); browsers use a stream ticket.
        services.AddOptions<StreamingOptions>().Bind(configuration.GetSection(StreamingOptions.Section))
            .Validate(o => o.TicketLifetime > TimeSpan.Zero && o.IdleTimeout > TimeSpan.Zero && o.MaxConnectionTime > TimeSpan.Zero
                && o.RecheckInterval > TimeSpan.Zero && o.PollInterval > TimeSpan.Zero
                && o.KeepAliveInterval > TimeSpan.Zero, "SecureExec:Streaming: every time must be positive")
            .Validate(o => o.MaxMessageBytes is >= 64 and <= 65536 && o.MessagesPerSecond >= 1,
                "SecureExec:Streaming: MaxMessageBytes must be 64 to 65536 and MessagesPerSecond at least 1")
            .ValidateOnStart();
        services.AddSingleton<StreamTickets>();
        services.AddTicketLogRedaction();
        services.AddSingleton<StreamGate>();
        services.AddSingleton<JobEventFeed>();
        services.AddSingleton<WebSocketSession>();
        return services;
    }
}
