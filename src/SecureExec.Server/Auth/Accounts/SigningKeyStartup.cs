namespace SecureExec.Server.Auth.Accounts;

/// <summary>At start: marks the key this process signs with as in use, and retires keys whose tokens have all expired.</summary>
internal sealed partial class SigningKeyStartup(SigningKeyLifecycle lifecycle, ILogger<SigningKeyStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (lifecycle.MarkNewestInUse() is { } keyId)
        {
            Signing(logger, keyId);
        }

        foreach (var retired in lifecycle.RetireExpired())
        {
            Retired(logger, retired, lifecycle.KeepFor);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1311, Level = LogLevel.Information, Message = "Signing tokens with key {KeyId}")]
    private static partial void Signing(ILogger logger, string keyId);

    [LoggerMessage(EventId = 1312, Level = LogLevel.Information, Message = "Retired signing key {KeyId}: it stopped signing more than {KeepFor} ago")]
    private static partial void Retired(ILogger logger, string keyId, TimeSpan keepFor);
}
