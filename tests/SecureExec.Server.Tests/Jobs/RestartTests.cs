using Microsoft.Extensions.DependencyInjection;
using SecureExec.Core.Audit;
using SecureExec.Server.Storage;
using static SecureExec.Server.Tests.Jobs.JobsTestSupport;

namespace SecureExec.Server.Tests.Jobs;

/// <summary>What a new process does with the jobs the previous one left: running → interrupted, queued → run.</summary>
[Collection(SandboxRunsCollection.Name)]
public sealed class RestartTests
{
    [Fact]
    public async Task Stop_WhileAJobRuns_InterruptsIt_AndTheNextServerNeverRunsItAgain()
    {
        var configuration = TestConfiguration();
        var dataDirectory = ServerTestSupport.NewDataDirectory();
        string id;
        await using (var first = await RunningServer.StartOnAsync(dataDirectory, configuration))
        {
            using var client = first.Client(await first.TokenForNewUserAsync("alice", "tester"));
            id = await client.SubmitAsync("sleep_for", new { seconds = 600 });
            await client.WaitForStatusAsync(id, "running");
        }

        await using var second = await RunningServer.StartOnAsync(dataDirectory, configuration);
        using var again = second.Client((await second.PasswordGrantAsync("alice", "correct horse battery staple")).GetProperty("access_token").GetString());

        var job = await again.GetJobAsync(id);
        Assert.Equal("interrupted", job.GetProperty("status").GetString());
        var finished = (await second.AuditRowsForJobAsync(id)).Last();
        Assert.Equal((AuditActions.JobFinished, AuditOutcomes.Failure), (finished.Action, finished.Outcome));
        Assert.Contains("\"status\":\"interrupted\"", finished.DetailsJson);
    }

    [Fact]
    public async Task Start_AfterACrash_InterruptsRunningJobs_AndRunsQueuedJobsInOrder()
    {
        var configuration = TestConfiguration();
        var dataDirectory = ServerTestSupport.NewDataDirectory();
        string owner;
        await using (var first = await RunningServer.StartOnAsync(dataDirectory, configuration))
        {
            using var client = first.Client(await first.TokenForNewUserAsync("alice", "tester"));
            owner = (await client.RunAsync("echo_literal", new { text = "before" })).GetProperty("owner").GetString()!;

            // Rows as a process that died would leave them: one mid-run, two never started.
            await using var scope = first.App.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
            var now = DateTimeOffset.UtcNow;
            db.Jobs.AddRange(JobsTestSupport.JobRow("running", owner, "was running", now), JobsTestSupport.JobRow("queued", owner, "first", now.AddMilliseconds(1)), JobsTestSupport.JobRow("queued", owner, "second", now.AddMilliseconds(2)));
            await db.SaveChangesAsync();
        }

        // One worker, so "in order" is observable.
        await using var second = await RunningServer.StartOnAsync(dataDirectory, [.. configuration, "--SecureExec:Jobs:Workers=1"]);
        using var again = second.Client((await second.PasswordGrantAsync("alice", "correct horse battery staple")).GetProperty("access_token").GetString());
        using var list = await again.GetAsync("/jobs?limit=10");
        var ids = (await list.JsonAsync()).GetProperty("jobs").EnumerateArray()
            .ToDictionary(j => j.GetProperty("parameters").GetProperty("text").GetString()!, j => j.GetProperty("id").GetString()!);
        var (wasRunning, firstQueued, secondQueued) = (ids["was running"], ids["first"], ids["second"]);

        Assert.Equal("interrupted", (await again.GetJobAsync(wasRunning)).GetProperty("status").GetString());
        var a = await again.WaitForStatusAsync(firstQueued, "succeeded", "failed");
        var b = await again.WaitForStatusAsync(secondQueued, "succeeded", "failed");
        Assert.Equal(("succeeded", "succeeded"), (a.GetProperty("status").GetString(), b.GetProperty("status").GetString()));
        Assert.Equal("first", await again.StdoutAsync(firstQueued));
        Assert.Equal("second", await again.StdoutAsync(secondQueued));
        Assert.True(a.GetProperty("started_at").GetDateTimeOffset() <= b.GetProperty("started_at").GetDateTimeOffset());
        Assert.DoesNotContain(await second.AuditRowsForJobAsync(wasRunning), r => r.Action == AuditActions.JobStarted);
    }
}
