using System.Net;
using System.Net.WebSockets;
using SecureExec.Server.Tests.Jobs;

namespace SecureExec.Server.Tests.Streaming;

[Collection(SandboxRunsCollection.Name)]
public sealed class WebSocketTests
{
    private const string TooLarge = "(a valid message padded past 1 KiB)";

    [Fact]
    public async Task Stream_DeliversLinesWhileTheJobRuns_AnswersPing_AndCancelCancelsTheJob()
    {
        await using var server = await StreamingTestSupport.StartAsync();
        var token = await server.TokenForNewUserAsync("alice", "tester");
        using var client = server.Client(token);
        var id = await client.SubmitAsync("drip");

        using var socket = await server.ConnectAsync($"/jobs/{id}/stream", token);
        Assert.Equal(WebSocketState.Open, socket.State);
        var beforeEnd = new List<ClientEvent>();
        while (beforeEnd.Joined("stdout") != StreamingTestSupport.DripStdout || beforeEnd.Joined("stderr") != StreamingTestSupport.DripStderr)
        {
            beforeEnd.Add(await socket.ReceiveEventAsync() ?? throw new InvalidOperationException("stream ended early"));
        }

        Assert.DoesNotContain(beforeEnd, e => e.Type == "result");
        await socket.SendTextAsync("""{"type":"ping"}""");
        Assert.Equal("pong", (await socket.ReceiveUntilAsync("pong"))[^1].Type);
        await socket.SendTextAsync("""{"type":"cancel"}""");
        var rest = await socket.ReceiveUntilAsync("result");

        Assert.Equal("cancelled", rest[^1].Data.GetProperty("status").GetString());
        Assert.Null(await socket.ReceiveEventAsync());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        Assert.Equal("cancelled", (await client.GetJobAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Stream_ResumesAfterTheLastIdSeen_WithNothingMissingOrRepeated()
    {
        await using var server = await StreamingTestSupport.StartAsync();
        var token = await server.TokenForNewUserAsync("alice", "tester");
        using var client = server.Client(token);
        var id = await client.SubmitAsync("ticks");

        List<ClientEvent> first;
        using (var socket = await server.ConnectAsync($"/jobs/{id}/stream", token))
        {
            first = [.. await socket.ReceiveUntilAsync("output"), .. await socket.ReceiveUntilAsync("output")];
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        }

        var after = first.Last(e => e.Id is not null).Id!;
        using var again = await server.ConnectAsync($"/jobs/{id}/stream?after={after}", token);
        var second = await again.ReceiveUntilAsync("result");

        Assert.Equal(StreamingTestSupport.TicksStdout, first.Joined("stdout") + second.Joined("stdout"));
        Assert.Equal("succeeded", second[^1].Data.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("""{"type":"exec","command":"rm -rf /"}""")]
    [InlineData("""{"type":"ping","extra":1}""")]
    [InlineData("""not json""")]
    [InlineData(TooLarge)]
    public async Task Stream_ClosesWithPolicyViolation_OnAnyOtherMessage(string message)
    {
        await using var server = await StreamingTestSupport.StartAsync();
        var token = await server.TokenForNewUserAsync("alice", "tester");
        using var client = server.Client(token);
        var id = await client.SubmitAsync("drip");
        await client.WaitForStatusAsync(id, "running");
        using var socket = await server.ConnectAsync($"/jobs/{id}/stream", token);
        await socket.ReceiveUntilAsync("status");

        await socket.SendTextAsync(message == TooLarge ? $$"""{"type":"ping","pad":"{{new string('x', 2000)}}"}""" : message);
        while (await socket.ReceiveEventAsync() is { } e)
        {
            Assert.NotEqual("result", e.Type);
        }

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
        Assert.Equal("running", (await client.GetJobAsync(id)).GetProperty("status").GetString());
        (await client.PostAsync($"/jobs/{id}/cancel", null)).Dispose();
    }

    [Fact]
    public async Task Stream_ClosesWithPolicyViolation_WhenMessagesComeTooFast()
    {
        await using var server = await StreamingTestSupport.StartAsync("--SecureExec:Streaming:MessagesPerSecond=3");
        var token = await server.TokenForNewUserAsync("alice", "tester");
        using var client = server.Client(token);
        var running = await client.SubmitAsync("drip");
        using var socket = await server.ConnectAsync($"/jobs/{running}/stream", token);
        await socket.ReceiveUntilAsync("status");

        for (var i = 0; i < 4; i++)
        {
            await socket.SendTextAsync("""{"type":"ping"}""");
        }

        while (await socket.ReceiveEventAsync() is not null)
        {
        }

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
        Assert.Equal("too many messages", socket.CloseStatusDescription);
    }

    [Fact]
    public async Task Ticket_OpensTheStreamOnce_ForItsJobOnly()
    {
        await using var server = await StreamingTestSupport.StartAsync();
        var token = await server.TokenForNewUserAsync("alice", "tester");
        using var client = server.Client(token);
        var id = (await client.RunAsync("echo_literal", new { text = "hello" })).GetProperty("id").GetString()!;
        var other = (await client.RunAsync("echo_literal", new { text = "other" })).GetProperty("id").GetString()!;

        using var issued = await client.PostAsync($"/jobs/{id}/stream-ticket", null);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var body = await issued.JsonAsync();
        var ticket = body.GetProperty("ticket").GetString()!;
        Assert.True(body.GetProperty("expires_at").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        using var forOtherJob = await client.PostAsync($"/jobs/{id}/stream-ticket", null);
        var otherTicket = (await forOtherJob.JsonAsync()).GetProperty("ticket").GetString()!;

        using var first = await server.ConnectAsync($"/jobs/{id}/stream?ticket={ticket}");
        var events = await first.ReceiveUntilAsync("result");
        using var reused = await server.ConnectAsync($"/jobs/{id}/stream?ticket={ticket}");
        using var wrongJob = await server.ConnectAsync($"/jobs/{other}/stream?ticket={otherTicket}");

        Assert.Equal("hello", events.Joined("stdout"));
        Assert.Equal(HttpStatusCode.Unauthorized, reused.HttpStatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongJob.HttpStatusCode);
        // Invalid tickets are an outsider's refusal: one entry a minute per address (StreamDeniedAuditTests).
        var denied = Assert.Single(await server.AuditRecordsAsync(a => a.Action == "stream.denied"));
        Assert.Contains("ticket_invalid", denied.DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ticket_ForAnotherUsersJob_Is404()
    {
        await using var server = await StreamingTestSupport.StartAsync();
        using var alice = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        using var bob = server.Client(await server.TokenForNewUserAsync("bob", "tester"));
        var id = (await alice.RunAsync("echo_literal", new { text = "mine" })).GetProperty("id").GetString()!;

        using var response = await bob.PostAsync($"/jobs/{id}/stream-ticket", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
