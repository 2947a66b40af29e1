using SecureExec.Core.Audit;

namespace SecureExec.Server.Tests.Audit;

/// <summary>
/// One running server holding the twelve sample entries and an auditor's token, shared by tests that only read:
/// starting a server per row would start the sandbox's self-test dozens of times for no gain.
/// </summary>
public sealed class AuditSampleServer : IAsyncLifetime
{
    private RunningServer? _server;

    public RunningServer Server => _server ?? throw new InvalidOperationException("not started");

    public IReadOnlyList<AuditEntry> Samples { get; private set; } = [];

    public string AuditorToken { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _server = await AuditTestSupport.StartServerAsync();
        AuditorToken = await _server.AuditorTokenAsync();
        Samples = await _server.WriteSamplesAsync(12);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>The audit tests that start servers run one class at a time, to keep concurrent sandbox self-tests few.</summary>
[CollectionDefinition(Name)]
public sealed class AuditServerCollection
{
    public const string Name = "audit servers";
}
