using System.Net;
using SecureExec.Core.Audit;
using static SecureExec.Server.Tests.Jobs.JobsTestSupport;

namespace SecureExec.Server.Tests.Jobs;

[Collection(SandboxRunsCollection.Name)]
public sealed class CancelTests
{
    [Fact]
    public async Task Cancel_ARunningJob_StopsItsSandbox_AndItEndsCancelled()
    {
        await using var server = await StartWithTestCatalogAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        var id = await client.SubmitAsync("sleep_for", new { seconds = 600 });
        await client.WaitForStatusAsync(id, "running");

        using var cancel = await client.PostAsync($"/jobs/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.True((await cancel.JsonAsync()).GetProperty("cancel_requested").GetBoolean());
        var job = await client.WaitForStatusAsync(id, "cancelled", "succeeded", "failed", "interrupted");
        Assert.Equal("cancelled", job.GetProperty("status").GetString());
        var actions = (await server.AuditRowsForJobAsync(id)).Select(a => a.Action).ToList();
        Assert.Equal([AuditActions.JobSubmitted, AuditActions.JobStarted, AuditActions.JobCancelled, AuditActions.JobFinished], actions);
    }

    [Fact]
    public async Task Cancel_AQueuedJob_CancelsItAtOnce_AndItNeverRuns()
    {
        await using var server = await StartWithTestCatalogAsync("--SecureExec:Jobs:Workers=1");
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        var blocker = await client.SubmitAsync("sleep_for", new { seconds = 600 });
        await client.WaitForStatusAsync(blocker, "running");
        var queued = await client.SubmitAsync("echo_literal", new { text = "never" });

        using var cancel = await client.PostAsync($"/jobs/{queued}/cancel", null);
        using var again = await client.PostAsync($"/jobs/{queued}/cancel", null);
        using var stopBlocker = await client.PostAsync($"/jobs/{blocker}/cancel", null);
        await client.WaitForStatusAsync(blocker, "cancelled");

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", (await cancel.JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var job = await client.GetJobAsync(queued);
        Assert.Equal("cancelled", job.GetProperty("status").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, job.GetProperty("started_at").ValueKind);
        var actions = (await server.AuditRowsForJobAsync(queued)).Select(a => a.Action).ToList();
        Assert.Equal([AuditActions.JobSubmitted, AuditActions.JobCancelled, AuditActions.JobFinished], actions);
    }

    [Fact]
    public async Task Cancel_AFinishedJob_Is409()
    {
        await using var server = await StartWithTestCatalogAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        var id = (await client.RunAsync("echo_literal", new { text = "done" })).GetProperty("id").GetString()!;

        using var cancel = await client.PostAsync($"/jobs/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        Assert.Equal("succeeded", (await client.GetJobAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task FullQueue_Returns503WithRetryAfter_AndStoresNothing()
    {
        await using var server = await StartWithTestCatalogAsync("--SecureExec:Jobs:Workers=1", "--SecureExec:Jobs:QueueCapacity=1");
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        var running = await client.SubmitAsync("sleep_for", new { seconds = 600 });
        await client.WaitForStatusAsync(running, "running");
        var queued = await client.SubmitAsync("echo_literal", new { text = "waits" });
        var correlationId = NewCorrelationId();

        using var refused = await client.ExecuteAsync("echo_literal", new { text = "no room" }, correlationId: correlationId);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("https://secureexec.dev/problems/queue-full", (await refused.JsonAsync()).GetProperty("type").GetString());
        Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(2, await ExecuteTests.JobCountAsync(server));
        var rejected = Assert.Single(await server.AuditRowsAsync(correlationId));
        Assert.Equal(AuditActions.JobRejected, rejected.Action);

        using var cancel = await client.PostAsync($"/jobs/{running}/cancel", null);
        Assert.Equal("succeeded", (await client.WaitForStatusAsync(queued, "succeeded", "failed")).GetProperty("status").GetString());
        var accepted = await client.RunAsync("echo_literal", new { text = "room again" });
        Assert.Equal("succeeded", accepted.GetProperty("status").GetString());
    }
}
