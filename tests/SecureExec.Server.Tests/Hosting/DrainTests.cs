using SecureExec.Core.Audit;
using SecureExec.Server.Tests.Jobs;
using static SecureExec.Server.Tests.Jobs.JobsTestSupport;

namespace SecureExec.Server.Tests.Hosting;

/// <summary>
/// Stopping the host (SIGTERM) drains the workers: no new job is taken, a running job finishes within
/// <c>SecureExec:Jobs:DrainTimeout</c>, and one still running after it ends interrupted, audited.
/// </summary>
[Collection(SandboxRunsCollection.Name)]
public sealed class DrainTests
{
    [Fact]
    public async Task Stop_LetsTheRunningJobFinish_AndTakesNoNewJob()
    {
        await using var server = await StartWithTestCatalogAsync("--SecureExec:Jobs:Workers=1", "--SecureExec:Jobs:DrainTimeout=00:05:00");
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        var running = await client.SubmitAsync("sleep_for", new { seconds = 2 });
        await client.WaitForStatusAsync(running, "running");
        var waiting = await client.SubmitAsync("echo_literal", new { text = "never taken" });

        await server.App.StopAsync();

        Assert.Equal("succeeded", (await server.JobRowAsync(running)).Status);
        Assert.Equal("queued", (await server.JobRowAsync(waiting)).Status);
        Assert.Single(await server.AuditRowsForJobAsync(running), r => r.Action == AuditActions.JobFinished);
        Assert.DoesNotContain(await server.AuditRowsForJobAsync(waiting), r => r.Action == AuditActions.JobStarted);
    }

    [Fact]
    public async Task Stop_PastTheDrainTimeout_InterruptsTheJob_Audited()
    {
        await using var server = await StartWithTestCatalogAsync("--SecureExec:Jobs:Workers=1", "--SecureExec:Jobs:DrainTimeout=00:00:00.200");
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        var running = await client.SubmitAsync("sleep_for", new { seconds = 600 });
        await client.WaitForStatusAsync(running, "running");

        await server.App.StopAsync();

        var row = await server.JobRowAsync(running);
        Assert.Equal("interrupted", row.Status);
        Assert.Null(row.ArgvJson);
        var finished = Assert.Single(await server.AuditRowsForJobAsync(running), r => r.Action == AuditActions.JobFinished);
        Assert.Contains("interrupted", finished.DetailsJson, StringComparison.Ordinal);
    }
}
