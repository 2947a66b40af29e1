using System.Net;
using System.Text.Json;
using SecureExec.Core.Audit;
using SecureExec.Server.Api;
using static SecureExec.Server.Tests.Audit.AuditTestSupport;

namespace SecureExec.Server.Tests.Audit;

[Collection(AuditServerCollection.Name)]
public sealed class AuditLogEndpointTests
{
    [Theory]
    [InlineData("viewer")]
    [InlineData("operator")]
    [InlineData("network-operator")]
    public async Task AuditEndpoints_WithoutAuditReadScope_Return403WithNoEntriesAndAreAudited(string role)
    {
        await using var server = await AuditTestSupport.StartServerAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("mallory", role));
        using var auditor = server.Client(await server.AuditorTokenAsync());
        await server.WriteSamplesAsync(3);

        foreach (var path in new[] { "/audit/logs", "/audit/verify", "/audit/export", "/audit/logs?actor=alice" })
        {
            using var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("insufficient_scope", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            Assert.Contains(ProblemTypes.Forbidden, body, StringComparison.Ordinal);
            Assert.DoesNotContain("corr-", body, StringComparison.Ordinal);
            Assert.DoesNotContain("entries", body, StringComparison.Ordinal);
            Assert.DoesNotContain("intact", body, StringComparison.Ordinal);
        }

        var (_, page) = await auditor.GetJsonAsync($"/audit/logs?action={AuditActions.Denied}");
        var denied = page.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(4, denied.Count);
        Assert.All(denied, e => Assert.Equal(AuditOutcomes.Denied, e.GetProperty("outcome").GetString()));
        Assert.All(denied, e => Assert.Equal("audit:read", e.GetProperty("details").GetProperty("required_scope").GetString()));
        Assert.All(denied, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("actor").GetProperty("subject").GetString())));
    }

    [Fact]
    public async Task AuditEndpoints_WithoutAToken_Return401()
    {
        await using var server = await AuditTestSupport.StartServerAsync();
        using var client = server.Client();

        foreach (var path in new[] { "/audit/logs", "/audit/verify", "/audit/export" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("auditor")]
    [InlineData("admin")]
    public async Task Logs_ForAuditReadHolders_ReturnEveryFieldNewestFirst(string role)
    {
        await using var server = await AuditTestSupport.StartServerAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("reader", role));
        var written = await server.WriteSamplesAsync(4);

        var (status, page) = await client.GetJsonAsync("/audit/logs?limit=4");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(written.Select(e => e.Sequence).Reverse(), page.Sequences());
        var newest = page.GetProperty("entries")[0];
        var expected = written[3];
        Assert.Equal("2001-01-01T00:00:03.000000Z", newest.GetProperty("timestamp").GetString());
        Assert.Equal(expected.Action, newest.GetProperty("action").GetString());
        Assert.Equal(expected.Outcome, newest.GetProperty("outcome").GetString());
        Assert.Equal(expected.Actor.Subject, newest.GetProperty("actor").GetProperty("subject").GetString());
        Assert.Equal(expected.Actor.ClientId, newest.GetProperty("actor").GetProperty("client").GetString());
        Assert.Equal(expected.SourceAddress, newest.GetProperty("source_address").GetString());
        Assert.Equal(expected.CorrelationId, newest.GetProperty("correlation_id").GetString());
        Assert.Equal(expected.Template, newest.GetProperty("template").GetString());
        Assert.Equal(expected.JobId, newest.GetProperty("job_id").GetString());
        Assert.Equal("0", newest.GetProperty("details").GetProperty("exit_code").GetString());
        Assert.Equal(expected.PreviousHash, newest.GetProperty("previous_hash").GetString());
        Assert.Equal(expected.EntryHash, newest.GetProperty("entry_hash").GetString());
    }

    [Fact]
    public async Task Logs_FilterOnEncodedText_MatchesWhatTheUserTyped()
    {
        await using var server = await AuditTestSupport.StartServerAsync();
        using var client = server.Client(await server.AuditorTokenAsync());
        var written = await server.WriteAuditAsync([Sample(1) with { Actor = new AuditActor("zoë\nadmin", null) }]);

        var (_, page) = await client.GetJsonAsync("/audit/logs?actor=" + Uri.EscapeDataString("zoë\nadmin"));

        Assert.Equal([written[0].Sequence], page.Sequences());
        Assert.Equal("zo\\u00eb\\u000aadmin", page.GetProperty("entries")[0].GetProperty("actor").GetProperty("subject").GetString());
    }

    [Theory]
    [InlineData(1, "desc")]
    [InlineData(3, "desc")]
    [InlineData(7, "asc")]
    [InlineData(25, "asc")]
    [InlineData(500, "desc")]
    public async Task Logs_CursorPaging_WalksTheWholeLogWithoutGapsOrDuplicates(int limit, string order)
    {
        await using var server = await AuditTestSupport.StartServerAsync();
        using var client = server.Client(await server.AuditorTokenAsync());
        await server.WriteSamplesAsync(25);
        var stored = await server.StoredSequencesAsync();

        var seen = new List<long>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var path = $"/audit/logs?limit={limit}&order={order}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var (status, page) = await client.GetJsonAsync(path);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.InRange(page.Sequences().Length, 1, limit);
            seen.AddRange(page.Sequences());
            cursor = page.GetProperty("next_cursor").GetString();
            if (pages++ == 0 && order == "desc")
            {
                // Newest first, an entry appended while paging comes before the first page: nothing shifts.
                await server.WriteSamplesAsync(1);
            }
        }
        while (cursor is not null);

        Assert.Equal(order == "asc" ? stored : stored.Reverse(), seen);
        Assert.Equal((stored.Length + limit - 1) / limit, pages);
    }

    [Fact]
    public async Task Logs_DefaultLimitIs50_AndTheLastPageHasNoCursor()
    {
        await using var server = await AuditTestSupport.StartServerAsync();
        using var client = server.Client(await server.AuditorTokenAsync());
        var written = await server.WriteSamplesAsync(51);

        var (_, first) = await client.GetJsonAsync($"/audit/logs?{SamplesOnly}");
        var (_, second) = await client.GetJsonAsync($"/audit/logs?{SamplesOnly}&cursor={first.GetProperty("next_cursor").GetString()}");

        Assert.Equal(50, first.Sequences().Length);
        Assert.Equal(written[^1].Sequence, first.Sequences()[0]);
        Assert.Equal([written[0].Sequence], second.Sequences());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next_cursor").ValueKind);
    }
}
