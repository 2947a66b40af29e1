using System.Net;
using System.Text;
using SecureExec.Core.Audit;
using static SecureExec.Server.Tests.Jobs.JobsTestSupport;

namespace SecureExec.Server.Tests.Jobs;

/// <summary>One server for the whole injection table; every row is its own requests with its own correlation ids.</summary>
public sealed class InjectionServer : IAsyncLifetime
{
    public RunningServer Server { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The whole table runs as one user: far more runs than the default per-user budget allows in a minute.
        Server = await StartWithTestCatalogAsync("--SecureExec:RateLimits:PerUser:PermitLimit=100000");
        Client = Server.Client(await Server.TokenForNewUserAsync("mallory", "tester"));
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>
/// SECURITY.md's injection classes through <c>POST /execute</c>: every payload is either refused (400, audited
/// <c>job.rejected</c>, and <c>security.injection_attempt</c> when it tried) or runs with the value as exactly one
/// literal argv element (the program prints it back unchanged), audited <c>job.submitted</c>. Adding a payload is one line.
/// </summary>
[Collection(SandboxRunsCollection.Name)]
public sealed class InjectionTests(InjectionServer fixture) : IClassFixture<InjectionServer>
{
    [Theory]
    // separators and chaining
    [InlineData("a;id")]
    [InlineData("a ; id")]
    [InlineData("a|id")]
    [InlineData("a||id")]
    [InlineData("a&id")]
    [InlineData("a&&id")]
    [InlineData("a\nid")]
    [InlineData("a\r\nid")]
    [InlineData("a\u001aid")]
    [InlineData("a';id;'")]
    [InlineData("a\";id;\"")]
    // substitution
    [InlineData("`id`")]
    [InlineData("$(id)")]
    [InlineData("${HOME}")]
    [InlineData("$'\\x69\\x64'")]
    [InlineData("i''d")]
    [InlineData("$(printf${IFS}id)")]
    // space-less forms and redirections
    [InlineData("${IFS}cat${IFS}/etc/passwd")]
    [InlineData("cat\t/etc/passwd")]
    [InlineData("{cat,/etc/passwd}")]
    [InlineData("cat</etc/passwd")]
    [InlineData(">/tmp/pwned")]
    [InlineData("a2>&1")]
    // globs and variables
    [InlineData("*")]
    [InlineData("/et?/passwd")]
    [InlineData("[a-z]*")]
    [InlineData("$HOME")]
    [InlineData("${PATH%%u*}")]
    [InlineData("~root")]
    // argument injection
    [InlineData("--checkpoint-action=exec=sh")]
    [InlineData("-oProxyCommand=id")]
    [InlineData("-")]
    [InlineData("--")]
    // null, control, ANSI, invisible
    [InlineData("a\u0000b")]
    [InlineData("\u001b[31mred\u001b[0m")]
    [InlineData("\u001b]0;title\u0007")]
    [InlineData("a\u009bb")]
    [InlineData("a\u202eb")]
    [InlineData("a\u200bb")]
    // Unicode look-alikes, normalised once before validation
    [InlineData("\uff1bid")]
    [InlineData("a\uff5cid")]
    [InlineData("\uff04(id)")]
    [InlineData("\uff0drf")]
    [InlineData("\uff4c\uff53")]
    public async Task TextPayload_IsRefusedOrRunsAsOneLiteralArgument(string payload)
    {
        foreach (var template in new[] { "echo_strict", "echo_literal" })
        {
            await AssertRefusedOrLiteralAsync(template, payload);
        }
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("/var/log/../../etc/shadow")]
    [InlineData("/var/log/..")]
    [InlineData("%2e%2e%2fetc%2fpasswd")]
    [InlineData("%252e%252e%252fetc")]
    [InlineData("/var/log/%2e%2e/%2e%2e/etc/shadow")]
    [InlineData("%c0%ae%c0%ae/etc")]
    [InlineData("..;/etc")]
    [InlineData("..\\..\\etc")]
    [InlineData("/var/log\u0000/../../etc")]
    [InlineData("\uff0e\uff0e/etc")]
    [InlineData("/var/log/$(id)")]
    public async Task PathTraversal_IsRefusedAsAnAttempt(string payload)
    {
        var correlationId = NewCorrelationId();

        using var response = await fixture.Client.ExecuteAsync("tail_log_test", new { logfile = payload }, correlationId: correlationId);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var actions = (await fixture.Server.AuditRowsAsync(correlationId)).Select(a => a.Action).ToList();
        Assert.Equal([AuditActions.JobRejected, AuditActions.InjectionAttempt], actions);
    }

    [Theory]
    [InlineData("/var/logevil")]
    [InlineData("/var/log-old/x")]
    [InlineData("/etc/passwd")]
    public async Task PathPrefixTricks_AreRefused(string payload)
    {
        var correlationId = NewCorrelationId();

        using var response = await fixture.Client.ExecuteAsync("tail_log_test", new { logfile = payload }, correlationId: correlationId);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("allowed_paths", (await response.JsonAsync()).GetProperty("rules").GetProperty("logfile")[0].GetString());
        Assert.Contains(await fixture.Server.AuditRowsAsync(correlationId), a => a.Action == AuditActions.JobRejected);
    }

    [Theory]
    [InlineData(new byte[] { 0xC0, 0xAE, 0xC0, 0xAE })] // overlong "." "."
    [InlineData(new byte[] { 0xE0, 0x80, 0xAF })] // overlong "/"
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // encoded surrogate
    public async Task InvalidUtf8InAValue_IsRefusedAsAnAttempt_NeverA500(byte[] invalid)
    {
        var correlationId = NewCorrelationId();
        var body = Encoding.ASCII.GetBytes("{\"template\": \"echo_literal\", \"parameters\": {\"text\": \"a\"}}").ToList();
        body.InsertRange(body.Count - 4, invalid);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/execute") { Content = new ByteArrayContent([.. body]) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Correlation-ID", correlationId);

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var actions = (await fixture.Server.AuditRowsAsync(correlationId)).Select(a => a.Action).ToList();
        Assert.Equal([AuditActions.JobRejected, AuditActions.InjectionAttempt], actions);
    }

    [Theory]
    [InlineData("{\"template\": \"echo_literal\", \"parameters\": {\"text\": \"a\", \"", "\": \"b\"}}", "parameters")]
    [InlineData("{\"template\": \"echo_literal\", \"", "\": 1}", "body")]
    public async Task InvalidUtf8InAName_IsRefusedAndAudited_NeverA500(string before, string after, string field)
    {
        var correlationId = NewCorrelationId();
        byte[] body = [.. Encoding.ASCII.GetBytes(before), 0xFF, 0xFE, .. Encoding.ASCII.GetBytes(after)];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/execute") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Correlation-ID", correlationId);

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Contains(await fixture.Server.AuditRowsAsync(correlationId), a => a.Action == AuditActions.JobRejected);
    }

    private async Task AssertRefusedOrLiteralAsync(string template, string payload)
    {
        var correlationId = NewCorrelationId();
        using var response = await fixture.Client.ExecuteAsync(template, new { text = payload }, wait: true, correlationId: correlationId);
        var audit = await fixture.Server.AuditRowsAsync(correlationId);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            Assert.Equal(AuditActions.JobRejected, audit[0].Action);
            var attempt = body.Contains("injection-attempt", StringComparison.Ordinal);
            Assert.Equal(attempt, audit.Any(a => a.Action == AuditActions.InjectionAttempt));
            Assert.All(audit, a => Assert.DoesNotContain('\u001b', a.DetailsJson));
            return;
        }

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{template}: expected 400 or 200, got {(int)response.StatusCode}: {body}");
        var job = await response.JsonAsync();
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        var value = job.GetProperty("parameters").GetProperty("text").GetString();
        Assert.Equal(payload.Normalize(NormalizationForm.FormKC), value);
        Assert.Equal(value, await fixture.Client.StdoutAsync(job.GetProperty("id").GetString()!));
        Assert.Contains(audit, a => a.Action == AuditActions.JobSubmitted);
    }
}
