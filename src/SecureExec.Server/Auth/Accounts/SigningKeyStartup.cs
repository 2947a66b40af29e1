using Microsoft.Extensions.Options;
using OpenIddict.Server;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Auth.Accounts;

/// <summary>
/// At start (after storage is migrated): makes sure the token keys are in the database (moving an older release's
/// key files in), marks the key this instance signs with as in use, retires keys whose tokens have all expired, and
/// loads the keys into OpenIddict.
/// </summary>
internal sealed partial class SigningKeyStartup(
    IServiceScopeFactory scopes, SigningKeyLifecycle lifecycle, IOptionsMonitor<OpenIddictServerOptions> serverOptions, ILogger<SigningKeyStartup> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        if (await lifecycle.MarkNewestInUseAsync(db, cancellationToken) is { } keyId)
        {
            Signing(logger, keyId);
        }

        var retired = await lifecycle.StageRetireExpiredAsync(db, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var key in retired)
        {
            Retired(logger, key, lifecycle.KeepFor);
        }

        // Load the keys into OpenIddict now, while the store is known to answer: options are built once, and a
        // failure on a first request during a database outage would stay cached until a restart.
        _ = serverOptions.CurrentValue;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1311, Level = LogLevel.Information, Message = "Signing tokens with key {KeyId}")]
    private static partial void Signing(ILogger logger, string keyId);

    [LoggerMessage(EventId = 1312, Level = LogLevel.Information, Message = "Retired signing key {KeyId}: it stopped signing more than {KeepFor} ago")]
    private static partial void Retired(ILogger logger, string keyId, TimeSpan keepFor);
}
