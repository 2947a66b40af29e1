using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SecureExec.Server.Tests.Jobs;

namespace SecureExec.Server.Tests.Streaming;

/// <summary>Time limits on the clock the server is given: ticket lifetime, idle WebSocket, maximum connection time.</summary>
[Collection(SandboxRunsCollection.Name)]
public sealed class StreamLimitsTests
{
    [Fact]
    public async Task Ticket_ExpiresUnused_After30Seconds()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await StreamingTestSupport.StartAsync(s => s.AddSingleton<TimeProvider>(clock));
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        var id = (await client.RunAsync("echo_literal", new { text = "late" })).GetProperty("id").GetString()!;
        using var issued = await client.PostAsync($"/jobs/{id}/stream-ticket", null);
        var ticket = (await issued.JsonAsync()).GetProperty("ticket").GetString()!;

        clock.Advance(TimeSpan.FromSeconds(31));
        using var socket = await server.ConnectAsync($"/jobs/{id}/stream?ticket={ticket}");

        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
    }

    [Theory]
    [InlineData(3, "idle_timeout")]
    [InlineData(0, "max_connection_time")]
    public async Task TheWebSocket_ClosesWhenIdle_OrWhenOpenTooLong(int idleMinutes, string reason)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await StreamingTestSupport.StartAsync(
            s => s.AddSingleton<TimeProvider>(clock), "--SecureExec:Streaming:MaxConnectionTime=00:05:00");
        var token = await server.TokenForNewUserAsync("alice", "tester");
        using var client = server.Client(token);
        var id = await client.SubmitAsync("drip");
        await client.WaitForStatusAsync(id, "running");
        using var socket = await server.ConnectAsync($"/jobs/{id}/stream", token);
        await socket.ReceiveUntilAsync("status");

        if (idleMinutes > 0)
        {
            clock.Advance(TimeSpan.FromMinutes(idleMinutes));
        }
        else
        {
            // A client that keeps pinging is never idle, but still cannot stay past the maximum.
            for (var minute = 0; minute < 6 && socket.State == WebSocketState.Open; minute++)
            {
                await socket.SendTextAsync("""{"type":"ping"}""");
                await socket.ReceiveUntilAsync("pong");
                clock.Advance(TimeSpan.FromMinutes(1));
            }
        }

        while (await socket.ReceiveEventAsync() is { } e)
        {
            Assert.NotEqual("result", e.Type);
        }

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
        Assert.Equal(reason, socket.CloseStatusDescription);
        (await client.PostAsync($"/jobs/{id}/cancel", null)).Dispose();
    }
}
