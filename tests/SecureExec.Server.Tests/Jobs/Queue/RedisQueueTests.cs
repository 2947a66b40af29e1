using System.Net;
using SecureExec.Core.Audit;
using static SecureExec.Server.Tests.Jobs.JobsTestSupport;
using static SecureExec.Server.Tests.Jobs.Queue.RedisTestSupport;

namespace SecureExec.Server.Tests.Jobs.Queue;

/// <summary>The database decides, Redis delivers: each accepted job runs at most once, and none is lost.</summary>
[Collection(RedisQueueCollection.Name)]
public sealed class RedisQueueTests(RedisFixture fixture)
{
    private readonly RedisInstance _redis = fixture.Redis;

    [Fact]
    public async Task Submit_RunsEachJobOnce_AndSettlesItsEntry()
    {
        var stream = NewStream();
        await using var server = await StartWithTestCatalogAsync(_redis.QueueArguments(stream));
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));

        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await client.SubmitAsync("echo_literal", new { text = $"job {i}" }));
        }

        for (var i = 0; i < ids.Count; i++)
        {
            var job = await client.WaitForStatusAsync(ids[i], "succeeded", "failed", "sandbox_error");
            Assert.Equal("succeeded", job.GetProperty("status").GetString());
            Assert.Equal($"job {i}", await client.StdoutAsync(ids[i]));
            Assert.Single(await server.AuditRowsForJobAsync(ids[i]), r => r.Action == AuditActions.JobStarted);
        }

        var redis = await _redis.DatabaseAsync();
        await WaitUntilAsync(() => SettledAsync(redis, stream), "every entry acknowledged and deleted");
    }

    [Fact]
    public async Task DuplicateEntries_RunTheJobOnce()
    {
        var stream = NewStream();
        await using var server = await StartWithTestCatalogAsync(_redis.QueueArguments(stream));
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        var redis = await _redis.DatabaseAsync();

        var id = await client.SubmitAsync("echo_literal", new { text = "once" });
        await redis.StreamAddAsync(stream, "job", id);
        await redis.StreamAddAsync(stream, "job", id);

        await client.WaitForStatusAsync(id, "succeeded");
        await WaitUntilAsync(() => SettledAsync(redis, stream), "every duplicate acknowledged and deleted");
        await redis.StreamAddAsync(stream, "job", id);
        await WaitUntilAsync(() => SettledAsync(redis, stream), "a late duplicate acknowledged and deleted");

        Assert.Single(await server.AuditRowsForJobAsync(id), r => r.Action == AuditActions.JobStarted);
        Assert.Equal("once", await client.StdoutAsync(id));
    }

    [Fact]
    public async Task WorkerDiedBeforeStarting_TheJobIsReclaimedAndRunsElsewhere()
    {
        var stream = NewStream();
        await using var server = await StartWithTestCatalogAsync(_redis.QueueArguments(stream,
            "--SecureExec:Queue:Redis:ReclaimAfter=00:00:01", "--SecureExec:Queue:Redis:ReconcileGrace=01:00:00"));
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        var owner = (await client.RunAsync("echo_literal", new { text = "warm up" })).GetProperty("owner").GetString()!;
        var redis = await _redis.DatabaseAsync();

        var id = await InsertJobAsync(server, owner, "queued", "reclaimed");
        await AddClaimedByDeadConsumerAsync(redis, stream, id);

        var job = await client.WaitForStatusAsync(id, "succeeded", "failed", "interrupted");
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal("reclaimed", await client.StdoutAsync(id));
        await WaitUntilAsync(() => SettledAsync(redis, stream), "the reclaimed entry settled");
    }

    [Fact]
    public async Task WorkerDiedWhileRunning_TheJobBecomesInterrupted_AndNeverRunsAgain()
    {
        var stream = NewStream();
        await using var server = await StartWithTestCatalogAsync(_redis.QueueArguments(stream,
            "--SecureExec:Queue:Redis:ReclaimAfter=00:00:01", "--SecureExec:Queue:Redis:ReconcileGrace=01:00:00"));
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        var owner = (await client.RunAsync("echo_literal", new { text = "warm up" })).GetProperty("owner").GetString()!;
        var redis = await _redis.DatabaseAsync();

        var id = await InsertJobAsync(server, owner, "running", "never twice");
        await AddClaimedByDeadConsumerAsync(redis, stream, id);

        var job = await client.WaitForStatusAsync(id, "interrupted", "succeeded");
        Assert.Equal("interrupted", job.GetProperty("status").GetString());
        var rows = await server.AuditRowsForJobAsync(id);
        Assert.DoesNotContain(rows, r => r.Action == AuditActions.JobStarted);
        var finished = Assert.Single(rows, r => r.Action == AuditActions.JobFinished);
        Assert.Equal(AuditOutcomes.Failure, finished.Outcome);
        Assert.Contains("\"reason\":\"worker_lost\"", finished.DetailsJson);
        await WaitUntilAsync(() => SettledAsync(redis, stream), "the reclaimed entry settled");
    }

    [Fact]
    public async Task LongRunningJob_OnALiveWorker_IsNotReclaimed()
    {
        var stream = NewStream();
        await using var server = await StartWithTestCatalogAsync(_redis.QueueArguments(stream,
            "--SecureExec:Queue:Redis:ReclaimAfter=00:00:01", "--SecureExec:Jobs:Workers=2"));
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));

        // Runs three times the reclaim timeout; the other worker reclaims all the while, yet the job ends as it should.
        var job = await client.RunAsync("sleep_for", new { seconds = 3 });

        Assert.Equal("succeeded", job.GetProperty("status").GetString());
    }

    [Fact]
    public async Task RedisRestarted_WhileJobsAreQueued_EveryAcceptedJobStillRuns()
    {
        await using var redis = await RedisInstance.StartAsync();
        var stream = NewStream();
        await using var server = await StartWithTestCatalogAsync(redis.QueueArguments(stream, "--SecureExec:Jobs:Workers=1",
            "--SecureExec:Queue:Redis:ReconcileInterval=00:00:00.500", "--SecureExec:Queue:Redis:ReconcileGrace=00:00:00"));
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));

        var blocker = await client.SubmitAsync("sleep_for", new { seconds = 600 });
        await client.WaitForStatusAsync(blocker, "running");
        var queued = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            queued.Add(await client.SubmitAsync("echo_literal", new { text = $"queued {i}" }));
        }

        await redis.StopAsync();
        await redis.StartAgainAsync();
        using (var cancel = await client.PostAsync($"/jobs/{blocker}/cancel", null))
        {
            Assert.True(cancel.IsSuccessStatusCode, $"cancel answered {(int)cancel.StatusCode}");
        }

        foreach (var id in queued)
        {
            var job = await client.WaitForStatusAsync(id, "succeeded", "failed", "interrupted");
            Assert.Equal("succeeded", job.GetProperty("status").GetString());
            Assert.Single(await server.AuditRowsForJobAsync(id), r => r.Action == AuditActions.JobStarted);
        }
    }

    [Fact]
    public async Task RedisDown_ExecuteAnswers503_ReadinessFails_AndBothRecoverByThemselves()
    {
        await using var redis = await RedisInstance.StartAsync();
        await using var server = await StartWithTestCatalogAsync(redis.QueueArguments(NewStream()));
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        await client.RunAsync("echo_literal", new { text = "up" });
        Assert.Equal(HttpStatusCode.OK, await ReadyAsync(client));

        await redis.StopAsync();
        await WaitUntilAsync(async () => await ReadyAsync(client) == HttpStatusCode.ServiceUnavailable, "readiness fails");
        using (var refused = await client.ExecuteAsync("echo_literal", new { text = "refused" }))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            var problem = await refused.JsonAsync();
            Assert.Equal("https://secureexec.dev/problems/unavailable", problem.GetProperty("type").GetString());
            Assert.NotNull(refused.Headers.RetryAfter);
        }

        await redis.StartAgainAsync();
        await WaitUntilAsync(async () => await ReadyAsync(client) == HttpStatusCode.OK, "readiness recovers");
        var job = await client.RunAsync("echo_literal", new { text = "back" });
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
    }

    private static async Task<HttpStatusCode> ReadyAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health/ready");
        return response.StatusCode;
    }
}
