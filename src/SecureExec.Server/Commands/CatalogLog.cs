using SecureExec.Core.Templates;

namespace SecureExec.Server.Commands;

/// <summary>Logs which catalog the server runs with, once it has started, so every later job can be traced to it.</summary>
internal sealed partial class CatalogLog(TemplateCatalog catalog, ILogger<CatalogLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Loaded(logger, catalog.Templates.Count, catalog.Source, catalog.ContentSha256);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Loaded {TemplateCount} command templates from {CatalogPath} (sha256 {CatalogSha256})")]
    private static partial void Loaded(ILogger logger, int templateCount, string catalogPath, string catalogSha256);
}
