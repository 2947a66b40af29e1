using System.Net;
using SecureExec.Core.Audit;
using SecureExec.Server.Api;
using static SecureExec.Server.Tests.Audit.AuditTestSupport;

namespace SecureExec.Server.Tests.Audit;

/// <summary>Filters and parameter checking of <c>GET /audit/logs</c>, over one server's twelve samples.</summary>
[Collection(AuditServerCollection.Name)]
public sealed class AuditLogQueryTests(AuditSampleServer samples) : IClassFixture<AuditSampleServer>
{
    /// <summary>Samples 1..12 (see <see cref="AuditTestSupport.Sample"/>) and which of them each filter keeps, in answer order.</summary>
    [Theory]
    [InlineData("actor=alice", new[] { 12, 10, 8, 6, 4, 2 })]
    [InlineData("client=secexec-cli", new[] { 12, 8, 4 })]
    [InlineData("template=uptime", new[] { 11, 9, 7, 5, 3, 1 })]
    [InlineData("action=auth.login_failed", new[] { 11, 8, 5, 2 })]
    [InlineData("outcome=success", new[] { 12, 9, 6, 3 })]
    [InlineData("job=job-3", new[] { 7, 6 })]
    [InlineData("correlation_id=corr-5", new[] { 5 })]
    [InlineData("actor=alice&outcome=failure", new[] { 10, 4 })]
    [InlineData("actor=nobody", new int[] { })]
    [InlineData("template=disk_usage&order=asc", new[] { 2, 4, 6, 8, 10, 12 })]
    [InlineData("since=2001-01-01T00:00:09Z", new[] { 12, 11, 10 })]
    [InlineData("since=2001-01-01T00:00:02Z&until=2001-01-01T00:00:04Z", new[] { 4, 3 })]
    [InlineData("since=2001-01-01T02:00:04%2B02:00&until=2001-01-01T00:00:04.000001Z", new[] { 5 })]
    public async Task Logs_EachFilter_KeepsExactlyTheMatchingEntries(string query, int[] expected)
    {
        using var client = samples.Server.Client(samples.AuditorToken);
        var written = samples.Samples;

        var (status, page) = await client.GetJsonAsync($"/audit/logs?{query}" + (query.Contains("until=", StringComparison.Ordinal) ? "" : "&" + SamplesOnly));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(expected.Select(i => written[i - 1].Sequence), page.Sequences());
    }

    [Theory]
    [InlineData("action=job.exploded", "action")]
    [InlineData("action=", "action")]
    [InlineData("outcome=maybe", "outcome")]
    [InlineData("since=yesterday", "since")]
    [InlineData("since=2026-01-02T03:04:05", "since")]
    [InlineData("since=2026-01-02", "since")]
    [InlineData("until=2026-13-02T03:04:05Z", "until")]
    [InlineData("since=2026-01-02T03:04:05Z&until=2026-01-02T03:04:05Z", "until")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("limit=99999999999999999999", "limit")]
    [InlineData("order=sideways", "order")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("cursor=djE6ZDpfMQ", "cursor")]
    [InlineData("cursor=djE6YToz&order=desc", "cursor")]
    [InlineData("actor=a&actor=b", "actor")]
    [InlineData("acter=alice", "acter")]
    public async Task Logs_WithAnInvalidParameter_Returns400NamingIt(string query, string parameter)
    {
        using var client = samples.Server.Client(samples.AuditorToken);

        var (status, body) = await client.GetJsonAsync("/audit/logs?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(ProblemTypes.Validation, body.GetProperty("type").GetString());
        Assert.Equal(400, body.GetProperty("status").GetInt32());
        var errors = body.GetProperty("errors");
        Assert.True(errors.TryGetProperty(parameter, out var messages), $"no error for {parameter}: {body}");
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
    }

    [Fact]
    public async Task Logs_InvalidAction_ListsTheKnownActions()
    {
        using var client = samples.Server.Client(samples.AuditorToken);

        var (_, body) = await client.GetJsonAsync("/audit/logs?action=nope&outcome=nope");

        var action = body.GetProperty("errors").GetProperty("action")[0].GetString()!;
        Assert.Contains(AuditActions.JobFinished, action, StringComparison.Ordinal);
        Assert.Contains(AuditOutcomes.Denied, body.GetProperty("errors").GetProperty("outcome")[0].GetString()!, StringComparison.Ordinal);
    }
}
