using System.Net;
using SecureExec.Server.Tests.Jobs;

namespace SecureExec.Server.Tests.Streaming;

[Collection(SandboxRunsCollection.Name)]
public sealed class SseTests
{
    [Fact]
    public async Task Events_DeliverLinesWhileTheJobRuns_ThenItsResult()
    {
        await using var server = await StreamingTestSupport.StartAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        var id = await client.SubmitAsync("drip");

        using var response = await client.OpenEventsAsync(id);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var beforeEnd = new List<ClientEvent>();
        while (beforeEnd.Joined("stdout") != StreamingTestSupport.DripStdout || beforeEnd.Joined("stderr") != StreamingTestSupport.DripStderr)
        {
            beforeEnd.Add(await reader.ReadEventAsync() ?? throw new InvalidOperationException("stream ended early"));
        }

        // Every line arrived while the job was still running: no result yet, and it waits to be cancelled.
        Assert.DoesNotContain(beforeEnd, e => e.Type == "result");
        Assert.Equal("running", (await client.GetJobAsync(id)).GetProperty("status").GetString());
        (await client.PostAsync($"/jobs/{id}/cancel", null)).Dispose();
        var rest = await reader.ReadUntilAsync("result");

        Assert.Equal("result", rest[^1].Type);
        Assert.Equal("cancelled", rest[^1].Data.GetProperty("status").GetString());
        Assert.Null(await reader.ReadEventAsync());
        var outputs = beforeEnd.Concat(rest).Where(e => e.Type == "output").ToList();
        Assert.Equal(Enumerable.Range(1, outputs.Count).Select(i => (long)i), outputs.Select(e => e.Data.GetProperty("seq").GetInt64()));
        Assert.Equal(["stderr", "stdout"], outputs.Select(e => e.Stream).Distinct().Order());
    }

    [Fact]
    public async Task Events_ResumeFromLastEventId_WithNothingMissingOrRepeated()
    {
        await using var server = await StreamingTestSupport.StartAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        var id = await client.SubmitAsync("ticks");

        List<ClientEvent> first;
        using (var response = await client.OpenEventsAsync(id))
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            first = [.. await reader.ReadUntilAsync("output"), .. await reader.ReadUntilAsync("output")];
        }

        var lastId = first.Last(e => e.Id is not null).Id!;
        using var again = await client.OpenEventsAsync(id, lastEventId: lastId);
        using var rest = new StreamReader(await again.Content.ReadAsStreamAsync());
        var second = await rest.ReadUntilAsync("result");
        var job = await client.WaitForStatusAsync(id, "succeeded");

        var expected = StreamingTestSupport.TicksStdout;
        Assert.Equal(expected, await client.StdoutAsync(id));
        Assert.Equal(expected, first.Joined("stdout") + second.Joined("stdout"));
        Assert.Equal("succeeded", second[^1].Data.GetProperty("status").GetString());
        Assert.Equal(job.GetProperty("id").GetString(), second[^1].Data.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Events_ForAFinishedJob_ReplayTheStoredOutput_ThenTheResult()
    {
        await using var server = await StreamingTestSupport.StartAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        var id = (await client.RunAsync("echo_literal", new { text = "all done" })).GetProperty("id").GetString()!;

        using var response = await client.OpenEventsAsync(id);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = await reader.ReadUntilAsync("result");

        Assert.Equal(["status", "output", "result"], events.Select(e => e.Type));
        Assert.Equal("succeeded", events[0].Data.GetProperty("status").GetString());
        Assert.Equal("all done", events[1].Text);
        Assert.Equal("8.0", events[1].Id);
        Assert.Null(await reader.ReadEventAsync());

        // Resuming at the end gives only the status and the result.
        using var resumed = await client.OpenEventsAsync(id, lastEventId: "8.0");
        using var rest = new StreamReader(await resumed.Content.ReadAsStreamAsync());
        Assert.Equal(["status", "result"], (await rest.ReadUntilAsync("result")).Select(e => e.Type));
    }

    [Fact]
    public async Task Events_WithAMalformedLastEventId_Are400()
    {
        await using var server = await StreamingTestSupport.StartAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        var id = (await client.RunAsync("echo_literal", new { text = "x" })).GetProperty("id").GetString()!;

        using var response = await client.OpenEventsAsync(id, lastEventId: "12");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Last-Event-ID", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
