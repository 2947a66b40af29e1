using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SecureExec.Core.Audit;
using SecureExec.Server.Tests.Jobs;

namespace SecureExec.Server.Tests.Streaming;

/// <summary>An outsider's refused stream attempts cost one audit entry a minute per reason and address; a user's each cost one.</summary>
[Collection(SandboxRunsCollection.Name)]
public sealed class StreamDeniedAuditTests
{
    public enum Attempt
    {
        NoToken,
        InvalidTicket,
        ForeignOrigin,
        OtherUsersJob,
    }

    [Theory]
    [InlineData(Attempt.NoToken, "no_token", HttpStatusCode.Unauthorized, true)]
    [InlineData(Attempt.InvalidTicket, "ticket_invalid", HttpStatusCode.Unauthorized, true)]
    [InlineData(Attempt.ForeignOrigin, "origin", HttpStatusCode.Forbidden, true)]
    [InlineData(Attempt.OtherUsersJob, "not_found", HttpStatusCode.NotFound, false)]
    public async Task RepeatedRefusals_AreAudited_ThrottledOnlyForOutsiders(Attempt attempt, string reason, HttpStatusCode expected, bool throttled)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await StreamingTestSupport.StartAsync(s => s.AddSingleton<TimeProvider>(clock));
        using var alice = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        var bob = await server.TokenForNewUserAsync("bob", "tester");
        var id = (await alice.RunAsync("echo_literal", new { text = "x" })).GetProperty("id").GetString()!;
        using var caller = server.Client(attempt == Attempt.OtherUsersJob ? bob : null);

        async Task RefusedAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, attempt == Attempt.InvalidTicket ? $"/jobs/{id}/events?ticket={Guid.NewGuid():N}" : $"/jobs/{id}/events");
            if (attempt == Attempt.ForeignOrigin)
            {
                request.Headers.Add("Origin", "https://evil.example");
            }

            using var response = await caller.SendAsync(request);
            Assert.Equal(expected, response.StatusCode);
        }

        for (var i = 0; i < 5; i++)
        {
            await RefusedAsync();
        }

        clock.Advance(TimeSpan.FromMinutes(1));
        await RefusedAsync();

        var entries = await server.AuditRecordsAsync(a => a.Action == AuditActions.StreamDenied);
        Assert.All(entries, e => Assert.Contains($"\"reason\":\"{reason}\"", e.DetailsJson, StringComparison.Ordinal));
        if (throttled)
        {
            Assert.Equal(2, entries.Count);
            Assert.Contains("\"left_out_since_previous_entry\":\"0\"", entries[0].DetailsJson, StringComparison.Ordinal);
            Assert.Contains("\"left_out_since_previous_entry\":\"4\"", entries[1].DetailsJson, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(6, entries.Count);
            Assert.All(entries, e => Assert.Equal(id, e.JobId));
        }
    }
}
