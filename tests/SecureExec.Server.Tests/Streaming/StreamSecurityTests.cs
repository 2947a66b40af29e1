using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SecureExec.Core.Audit;
using SecureExec.Server.Tests.Jobs;

namespace SecureExec.Server.Tests.Streaming;

/// <summary>DESIGN.md: a stream without a valid token, or for another user's job, is refused before the upgrade, nothing sent, audited <c>stream.denied</c>.</summary>
[Collection(SandboxRunsCollection.Name)]
public sealed class StreamSecurityTests
{
    public enum Caller
    {
        NoToken,
        OtherUser,
        ForeignOrigin,
        TokenInQueryString,
        MissingJob,
    }

    [Theory]
    [InlineData("events", Caller.NoToken, HttpStatusCode.Unauthorized, "no_token")]
    [InlineData("stream", Caller.NoToken, HttpStatusCode.Unauthorized, "no_token")]
    [InlineData("events", Caller.TokenInQueryString, HttpStatusCode.Unauthorized, "no_token")]
    [InlineData("stream", Caller.TokenInQueryString, HttpStatusCode.Unauthorized, "no_token")]
    [InlineData("events", Caller.OtherUser, HttpStatusCode.NotFound, "not_found")]
    [InlineData("stream", Caller.OtherUser, HttpStatusCode.NotFound, "not_found")]
    [InlineData("events", Caller.MissingJob, HttpStatusCode.NotFound, "not_found")]
    [InlineData("stream", Caller.MissingJob, HttpStatusCode.NotFound, "not_found")]
    [InlineData("events", Caller.ForeignOrigin, HttpStatusCode.Forbidden, "origin")]
    [InlineData("stream", Caller.ForeignOrigin, HttpStatusCode.Forbidden, "origin")]
    public async Task Refused_BeforeAnythingIsSent_AndAudited(string channel, Caller caller, HttpStatusCode expected, string reason)
    {
        await using var server = await StreamingTestSupport.StartAsync();
        var alice = await server.TokenForNewUserAsync("alice", "tester");
        var bob = await server.TokenForNewUserAsync("bob", "tester");
        using var aliceClient = server.Client(alice);
        var id = (await aliceClient.RunAsync("echo_literal", new { text = "secret output" })).GetProperty("id").GetString()!;
        var (token, path, origin) = caller switch
        {
            Caller.NoToken => (null, $"/jobs/{id}/{channel}", null),
            Caller.TokenInQueryString => (null, $"/jobs/{id}/{channel}?access_token={alice}", null),
            Caller.OtherUser => (bob, $"/jobs/{id}/{channel}", null),
            Caller.MissingJob => (alice, $"/jobs/{new string('0', 32)}/{channel}", null),
            _ => (alice, $"/jobs/{id}/{channel}", "https://evil.example"),
        };

        HttpStatusCode status;
        string body;
        if (channel == "events")
        {
            using var client = server.Client(token);
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (origin is not null)
            {
                request.Headers.Add("Origin", origin);
            }

            using var response = await client.SendAsync(request);
            status = response.StatusCode;
            body = await response.Content.ReadAsStringAsync();
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        else
        {
            using var socket = await server.ConnectAsync(path, token, origin);
            Assert.NotEqual(WebSocketState.Open, socket.State);
            status = socket.HttpStatusCode;
            body = "";
        }

        Assert.Equal(expected, status);
        Assert.DoesNotContain("secret output", body, StringComparison.Ordinal);
        var denied = Assert.Single(await server.AuditRecordsAsync(a => a.Action == AuditActions.StreamDenied));
        Assert.Equal(AuditOutcomes.Denied, denied.Outcome);
        Assert.Contains($"\"reason\":\"{reason}\"", denied.DetailsJson, StringComparison.Ordinal);
        Assert.DoesNotContain(alice, denied.DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAllowedOrigin_AndAReaderOfAllJobs_MayOpenTheStream()
    {
        await using var server = await StreamingTestSupport.StartAsync("--SecureExec:Streaming:AllowedOrigins:0=https://console.example");
        using var alice = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        var auditor = await server.TokenForNewUserAsync("carol", "auditor");
        var id = (await alice.RunAsync("echo_literal", new { text = "visible" })).GetProperty("id").GetString()!;

        using var socket = await server.ConnectAsync($"/jobs/{id}/stream", auditor, "https://console.example");
        var events = await socket.ReceiveUntilAsync("result");

        Assert.Equal("visible", events.Joined("stdout"));
        Assert.Empty(await server.AuditRecordsAsync(a => a.Action == AuditActions.StreamDenied));
    }

    [Theory]
    [InlineData("events")]
    [InlineData("stream")]
    public async Task TheStreamCloses_WhenTheTokenExpires(string channel)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await StreamingTestSupport.StartAsync(s => s.AddSingleton<TimeProvider>(clock), "--SecureExec:Auth:AccessTokenLifetime=00:01:00");
        var token = await server.TokenForNewUserAsync("alice", "tester");
        using var client = server.Client(token);
        var id = await client.SubmitAsync("drip");
        await client.WaitForStatusAsync(id, "running");

        if (channel == "events")
        {
            using var response = await client.OpenEventsAsync(id);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            await reader.ReadUntilAsync("status");
            clock.Advance(TimeSpan.FromMinutes(2));
            var end = (await reader.ReadUntilAsync("end"))[^1];
            Assert.Equal("end", end.Type);
            Assert.Equal("token_expired", end.Data.GetProperty("reason").GetString());
            Assert.Null(await reader.ReadEventAsync());
        }
        else
        {
            using var socket = await server.ConnectAsync($"/jobs/{id}/stream", token);
            await socket.ReceiveUntilAsync("status");
            clock.Advance(TimeSpan.FromMinutes(2));
            while (await socket.ReceiveEventAsync() is { } e)
            {
                Assert.NotEqual("result", e.Type);
            }

            Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
            Assert.Equal("token_expired", socket.CloseStatusDescription);
        }
    }

    [Fact]
    public async Task TheStreamCloses_WhenTheAccountIsDisabled()
    {
        await using var server = await StreamingTestSupport.StartAsync("--SecureExec:Streaming:RecheckInterval=00:00:00.100");
        var token = await server.TokenForNewUserAsync("alice", "tester");
        using var admin = server.Client(await server.TokenForNewUserAsync("root", "admin"));
        using var client = server.Client(token);
        var id = await client.SubmitAsync("drip");
        using var socket = await server.ConnectAsync($"/jobs/{id}/stream", token);
        await socket.ReceiveUntilAsync("status");

        using var disabled = await admin.PostAsync("/admin/users/alice/disable", null);
        Assert.True(disabled.IsSuccessStatusCode, $"disable answered {(int)disabled.StatusCode}");
        while (await socket.ReceiveEventAsync() is { } e)
        {
            Assert.NotEqual("result", e.Type);
        }

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
        Assert.Equal("token_revoked", socket.CloseStatusDescription);
        (await admin.PostAsync($"/jobs/{id}/cancel", null)).Dispose();
    }
}
