using SecureExec.Server.Tests.Jobs.Queue;
using static SecureExec.Server.Tests.Jobs.JobsTestSupport;
using static SecureExec.Server.Tests.Jobs.Queue.RedisTestSupport;
using static SecureExec.Server.Tests.ServerTestSupport;

namespace SecureExec.Server.Tests.Hosting;

/// <summary>A worker stopped with the Redis queue leaves no pending entry: what it did not start, another worker runs at once.</summary>
[Collection(RedisQueueCollection.Name)]
public sealed class RedisDrainTests(RedisFixture fixture)
{
    private readonly RedisInstance _redis = fixture.Redis;

    [Fact]
    public async Task Stop_InterruptsWhatOutlivesTheDrain_LeavesNothingPending_AndTheNextWorkerRunsTheRest()
    {
        var stream = NewStream();
        var group = stream + "-workers";
        var dataDirectory = NewDataDirectory();
        var arguments = TestConfiguration(_redis.QueueArguments(stream, "--SecureExec:Jobs:Workers=1", "--SecureExec:Jobs:DrainTimeout=00:00:00.200",
            "--SecureExec:Queue:Redis:ReconcileGrace=01:00:00"));
        var redis = await _redis.DatabaseAsync();
        string running;
        string waiting;
        await using (var first = await RunningServer.StartOnAsync(dataDirectory, arguments))
        {
            using var client = first.Client(await first.TokenForNewUserAsync("alice", "tester"));
            running = await client.SubmitAsync("sleep_for", new { seconds = 600 });
            await client.WaitForStatusAsync(running, "running");
            waiting = await client.SubmitAsync("echo_literal", new { text = "after the stop" });

            await first.App.StopAsync();

            Assert.Equal("interrupted", (await first.JobRowAsync(running)).Status);
            Assert.Equal("queued", (await first.JobRowAsync(waiting)).Status);
            Assert.Equal(0, (await redis.StreamPendingAsync(stream, group)).PendingMessageCount);
        }

        await using var second = await RunningServer.StartOnAsync(dataDirectory, arguments);
        await WaitUntilAsync(async () => (await second.JobRowAsync(waiting)).Status == "succeeded", "the next worker ran the job left queued");
        Assert.Equal("interrupted", (await second.JobRowAsync(running)).Status);
        await WaitUntilAsync(() => SettledAsync(redis, stream), "every entry settled");
    }
}
