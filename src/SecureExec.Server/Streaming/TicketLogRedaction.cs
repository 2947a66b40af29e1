using System.Collections;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SecureExec.Server.Streaming;

/// <summary>
/// Keeps stream tickets out of the framework's logs at every level. ASP.NET Core's hosting diagnostics log each
/// request's URL with its query string ("Request starting ... /jobs/{id}/stream?ticket=..."), before any middleware
/// runs, so the value cannot be taken out of the request in time: instead every <c>Microsoft.*</c> logger is wrapped,
/// and an entry whose message or values carry <c>ticket=</c> is logged with the value replaced by
/// <c>[redacted]</c>, in its message and in its structured values alike, for every logging provider.
/// </summary>
internal static partial class TicketLogRedaction
{
    public const string Redacted = "[redacted]";

    /// <summary>Replaces the host's logger factory with one that redacts tickets (the same providers, filters and scopes).</summary>
    public static IServiceCollection AddTicketLogRedaction(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new RedactingLoggerFactory(new LoggerFactory(
            sp.GetServices<ILoggerProvider>(),
            sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(),
            sp.GetService<IExternalScopeProvider>()))));
        return services;
    }

    public static bool Carries(string? text) => text is not null && text.Contains("ticket=", StringComparison.OrdinalIgnoreCase);

    /// <summary>The text with the value of every <c>ticket=</c> query parameter replaced.</summary>
    public static string Redact(string text) => TicketValue().Replace(text, Redacted);

    [GeneratedRegex(@"(?<=ticket=)[^&\s#""']*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TicketValue();

    private sealed class RedactingLoggerFactory(LoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName)
        {
            var logger = inner.CreateLogger(categoryName);
            return categoryName.StartsWith("Microsoft.", StringComparison.Ordinal) ? new RedactingLogger(logger) : logger;
        }

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose() => inner.Dispose();
    }

    private sealed class RedactingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            if (!Carries(message) && !values.Any(v => Carries(v.Value?.ToString())))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
                return;
            }

            var redacted = new RedactedState(Redact(message),
                [.. values.Select(v => Carries(v.Value?.ToString()) ? new KeyValuePair<string, object?>(v.Key, Redact(v.Value!.ToString()!)) : v)]);
            inner.Log(logLevel, eventId, redacted, exception, static (s, _) => s.Message);
        }
    }

    /// <summary>A log entry's state with its ticket values replaced; formats as the redacted message.</summary>
    private sealed class RedactedState(string message, IReadOnlyList<KeyValuePair<string, object?>> values) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message { get; } = message;

        public int Count => values.Count;

        public KeyValuePair<string, object?> this[int index] => values[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Message;
    }
}
