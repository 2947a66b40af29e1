namespace SecureExec.Server.Streaming;

public static class StreamingServiceCollectionExtensions
{
    /// <summary>Live job streams (<c>SecureExec:Streaming:*</c>, see <see cref="StreamingOptions"/>). Needs the jobs feature.</summary>
    public static IServiceCollection AddStreaming(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StreamingOptions>().Bind(configuration.GetSection(StreamingOptions.Section));
        services.AddSingleton<StreamTickets>();
        services.AddSingleton<StreamGate>();
        services.AddSingleton<JobEventFeed>();
        services.AddSingleton<WebSocketSession>();
        return services;
    }
}
