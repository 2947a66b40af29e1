using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecureExec.Server.Tests.Jobs;

namespace SecureExec.Server.Tests.Streaming;

/// <summary>A stream ticket is a credential in a URL: it reaches no log at any level, nor the audit log.</summary>
[Collection(SandboxRunsCollection.Name)]
public sealed class TicketLoggingTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("Trace")]
    public async Task StreamTickets_NeverReachTheLogs(string? level)
    {
        var capture = new LogCapture();
        string[] levels = level is null ? [] : [$"--Logging:LogLevel:Default={level}", $"--Logging:LogLevel:Microsoft={level}", $"--Logging:LogLevel:Microsoft.AspNetCore={level}"];
        string ticket;
        await using (var server = await StreamingTestSupport.StartAsync(s => s.AddSingleton<ILoggerProvider>(capture), levels))
        {
            using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
            var id = (await client.RunAsync("echo_literal", new { text = "x" })).GetProperty("id").GetString()!;
            using var issued = await client.PostAsync($"/jobs/{id}/stream-ticket", null);
            ticket = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket").GetString()!;

            using (var socket = await server.ConnectAsync($"/jobs/{id}/stream?ticket={ticket}&after=0.0"))
            {
                Assert.Equal("result", (await socket.ReceiveUntilAsync("result"))[^1].Type);
            }

            // Used: refused and audited, on both routes.
            using var again = await server.ConnectAsync($"/jobs/{id}/stream?ticket={ticket}");
            Assert.Equal(HttpStatusCode.Unauthorized, again.HttpStatusCode);
            using var anonymous = server.Client();
            using var refused = await anonymous.GetAsync($"/jobs/{id}/events?ticket={ticket}");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

            var audit = await server.AuditRecordsAsync(_ => true);
            Assert.Contains(audit, a => a.DetailsJson.Contains("ticket_invalid", StringComparison.Ordinal));
            Assert.DoesNotContain(audit, a => a.DetailsJson.Contains(ticket, StringComparison.Ordinal));
        }

        Assert.NotEmpty(capture.Entries);
        Assert.DoesNotContain(capture.Entries, e => e.Contains(ticket, StringComparison.Ordinal));
        if (level is not null)
        {
            // The request URLs were logged, with the ticket taken out.
            Assert.Contains(capture.Entries, e => e.Contains("/stream?ticket=[redacted]", StringComparison.Ordinal));
        }
    }
}
