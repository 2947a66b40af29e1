using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SecureExec.Server.Tests.Observability;

/// <summary>Keeps every log entry as text: category, message, structured state, exception and each scope.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<CapturedEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new Dictionary<string, string>();
            provider._scopes.ForEachScope((scope, found) => Flatten(scope, found), scopes);
            var stateValues = new Dictionary<string, string>();
            Flatten(state, stateValues);
            provider.Entries.Enqueue(new CapturedEntry(category, logLevel, formatter(state, exception), stateValues, exception?.ToString(), scopes));
        }

        private static void Flatten(object? value, Dictionary<string, string> into)
        {
            if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, item) in pairs)
                {
                    into[key] = item?.ToString() ?? "";
                }
            }

            into[$"#{into.Count}"] = value?.ToString() ?? "";
        }
    }
}

internal sealed record CapturedEntry(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, string> State, string? Exception, IReadOnlyDictionary<string, string> Scopes)
{
    public string AllText => string.Join('\n', [Category, Message, Exception ?? "", .. State.Select(p => $"{p.Key}={p.Value}"), .. Scopes.Select(p => $"{p.Key}={p.Value}")]);
}
