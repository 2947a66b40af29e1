using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SecureExec.Server.Tests.Jobs;

namespace SecureExec.Server.Tests.Streaming;

[Collection(SandboxRunsCollection.Name)]
public sealed class SseKeepAliveTests
{
    [Theory]
    [InlineData(null, 15)]
    [InlineData("00:00:40", 40)]
    public async Task Events_WithNothingToSay_SendAKeepAliveComment_EveryInterval(string? configured, int seconds)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await StreamingTestSupport.StartAsync(
            s => s.AddSingleton<TimeProvider>(clock), configured is null ? [] : [$"--SecureExec:Streaming:KeepAliveInterval={configured}"]);
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        var id = await client.SubmitAsync("drip");
        await client.WaitForStatusAsync(id, "running");
        using var response = await client.OpenEventsAsync(id);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = new List<ClientEvent>();
        while (events.Joined("stdout") != StreamingTestSupport.DripStdout || events.Joined("stderr") != StreamingTestSupport.DripStderr)
        {
            events.Add(await reader.ReadEventAsync() ?? throw new InvalidOperationException("stream ended early"));
        }

        // The job now prints nothing until it is cancelled: only the clock moves.
        for (var i = 0; i < 2; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(seconds));
            Assert.Equal(": keep-alive", await NextLineAsync(reader));
            Assert.Equal("", await NextLineAsync(reader));
        }

        (await client.PostAsync($"/jobs/{id}/cancel", null)).Dispose();
        Assert.Equal("cancelled", (await reader.ReadUntilAsync("result"))[^1].Data.GetProperty("status").GetString());
    }

    private static async Task<string?> NextLineAsync(StreamReader reader)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await reader.ReadLineAsync(timeout.Token);
    }
}
