using System.Net;
using SecureExec.Server.Tests.Jobs.Queue;
using SecureExec.Server.Tests.Streaming;

namespace SecureExec.Server.Tests.Jobs.Events;

/// <summary>Live output and cancel across hosts: a client of the API instance follows and stops a job another instance runs.</summary>
[Collection(RedisQueueCollection.Name)]
public sealed class CrossHostStreamingTests(RedisFixture fixture)
{
    private readonly RedisInstance _redis = fixture.Redis;

    [Fact]
    public async Task Sse_OnTheApiInstance_FollowsAJobRunByTheOtherInstance_AndItsCancelStopsIt()
    {
        await using var hosts = await TwoHosts.StartAsync(_redis);
        await hosts.Api.CreateUserAsync("alice", RunningServer.Password, "tester");
        using var client = hosts.Api.Client(await hosts.Api.AccessTokenAsync("alice", RunningServer.Password));
        var id = await client.SubmitAsync("drip");

        using var response = await client.OpenEventsAsync(id);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var beforeEnd = new List<ClientEvent>();
        while (beforeEnd.Joined("stdout") != StreamingTestSupport.DripStdout || beforeEnd.Joined("stderr") != StreamingTestSupport.DripStderr)
        {
            beforeEnd.Add(await reader.ReadEventAsync() ?? throw new InvalidOperationException("stream ended early"));
        }

        // Every line arrived live, from the other instance's run: it still waits to be cancelled.
        Assert.DoesNotContain(beforeEnd, e => e.Type == "result");
        Assert.NotNull(hosts.Worker.RunningJob(id));
        Assert.Null(hosts.Api.RunningJob(id));
        using (var cancel = await client.PostAsync($"/jobs/{id}/cancel", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        }

        var rest = await reader.ReadUntilAsync("result");
        Assert.Equal("cancelled", rest[^1].Data.GetProperty("status").GetString());
        var outputs = beforeEnd.Concat(rest).Where(e => e.Type == "output").ToList();
        Assert.Equal(Enumerable.Range(1, outputs.Count).Select(i => (long)i), outputs.Select(e => e.Data.GetProperty("seq").GetInt64()));
        Assert.Equal(StreamingTestSupport.DripStdout, await client.StdoutAsync(id));
    }

    [Fact]
    public async Task Sse_OnTheApiInstance_GetsEveryLineInOrder_AndResumesByCursor()
    {
        await using var hosts = await TwoHosts.StartAsync(_redis);
        await hosts.Api.CreateUserAsync("alice", RunningServer.Password, "tester");
        using var client = hosts.Api.Client(await hosts.Api.AccessTokenAsync("alice", RunningServer.Password));
        var id = await client.SubmitAsync("ticks");

        List<ClientEvent> first;
        using (var response = await client.OpenEventsAsync(id))
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            first = [.. await reader.ReadUntilAsync("output"), .. await reader.ReadUntilAsync("output")];
        }

        using var again = await client.OpenEventsAsync(id, lastEventId: first.Last(e => e.Id is not null).Id!);
        using var rest = new StreamReader(await again.Content.ReadAsStreamAsync());
        var second = await rest.ReadUntilAsync("result");

        Assert.Equal(StreamingTestSupport.TicksStdout, first.Joined("stdout") + second.Joined("stdout"));
        Assert.Equal("succeeded", second[^1].Data.GetProperty("status").GetString());
        Assert.Equal(StreamingTestSupport.TicksStdout, await client.StdoutAsync(id));
    }

    [Fact]
    public async Task Cancel_MissedOnTheChannel_StillStopsTheRun_FromTheJobsRow()
    {
        // A cancel recorded while its announcement was lost (Redis away): the worker learns it from the job's row.
        await using var hosts = await TwoHosts.StartAsync(_redis, "--SecureExec:Queue:Redis:CancelCheckInterval=00:00:00.200");
        await hosts.Api.CreateUserAsync("alice", RunningServer.Password, "tester");
        using var client = hosts.Api.Client(await hosts.Api.AccessTokenAsync("alice", RunningServer.Password));
        var id = await client.SubmitAsync("drip");
        await client.WaitForStatusAsync(id, "running");
        await hosts.Worker.SetCancelFlagAsync(id);

        Assert.Equal("cancelled", (await client.WaitForStatusAsync(id, "cancelled", "succeeded", "failed")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Sse_WhenEarlyOutputWasTrimmedFromRedis_SendsTheRestFromTheStoredOutput_InOrder()
    {
        await using var hosts = await TwoHosts.StartAsync(_redis);
        await hosts.Api.CreateUserAsync("alice", RunningServer.Password, "tester");
        using var client = hosts.Api.Client(await hosts.Api.AccessTokenAsync("alice", RunningServer.Password));
        var id = await client.SubmitAsync("drip");
        var redis = await _redis.DatabaseAsync();
        var key = $"{hosts.Stream}:events:{id}";
        // Its output is three writes, which a loaded machine may read as two chunks: at least two, so trimming to
        // the last one drops early output.
        await RedisTestSupport.WaitUntilAsync(async () => await redis.StreamLengthAsync(key) >= 2, "the run's first chunks in Redis");
        await redis.StreamTrimAsync(key, 1);

        using var response = await client.OpenEventsAsync(id);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("running", (await reader.ReadEventAsync())!.Data.GetProperty("status").GetString());
        (await client.PostAsync($"/jobs/{id}/cancel", null)).Dispose();
        var events = await reader.ReadUntilAsync("result");

        Assert.Equal(StreamingTestSupport.DripStdout, events.Joined("stdout"));
        Assert.Equal(StreamingTestSupport.DripStderr, events.Joined("stderr"));
        Assert.Equal("cancelled", events[^1].Data.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ExecuteWithWait_OnTheApiInstance_AnswersWithTheJobTheOtherInstanceRan()
    {
        await using var hosts = await TwoHosts.StartAsync(_redis);
        await hosts.Api.CreateUserAsync("alice", RunningServer.Password, "tester");
        using var client = hosts.Api.Client(await hosts.Api.AccessTokenAsync("alice", RunningServer.Password));

        using var response = await client.ExecuteAsync("echo_literal", new { text = "ran elsewhere" }, wait: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var job = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal("ran elsewhere", await client.StdoutAsync(job.GetProperty("id").GetString()!));
    }
}
