using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureExec.Core.Audit;
using SecureExec.Server.Storage;
using SecureExec.Server.Tests.Commands;
using static SecureExec.Server.Tests.Jobs.JobsTestSupport;

namespace SecureExec.Server.Tests.Jobs;

[Collection(SandboxRunsCollection.Name)]
public sealed class ExecuteTests
{
    [Fact]
    public async Task Execute_WithWait_ReturnsTheFinishedJobAndItsOutput()
    {
        await using var server = await StartWithTestCatalogAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));

        var job = await client.RunAsync("echo_literal", new { text = "hello; world" });

        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal(0, job.GetProperty("exit_code").GetInt32());
        Assert.Equal("hello; world", job.GetProperty("parameters").GetProperty("text").GetString());
        Assert.Equal("hello; world", await client.StdoutAsync(job.GetProperty("id").GetString()!));
    }

    [Fact]
    public async Task Execute_WithoutWait_Returns202WithLocation_ThenTheJobCanBePolledToItsEnd()
    {
        await using var server = await StartWithTestCatalogAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        var correlationId = NewCorrelationId();

        using var response = await client.ExecuteAsync("echo_literal", new { text = "async" }, correlationId: correlationId);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.JsonAsync();
        var id = accepted.GetProperty("id").GetString()!;
        Assert.Equal($"/jobs/{id}", response.Headers.Location?.ToString());
        Assert.Contains(accepted.GetProperty("status").GetString(), new[] { "queued", "running", "succeeded" });
        var finished = await client.WaitForStatusAsync(id, "succeeded");
        Assert.Equal("async", await client.StdoutAsync(id));
        Assert.NotNull(finished.GetProperty("started_at").GetString());
        Assert.NotNull(finished.GetProperty("finished_at").GetString());
        var actions = (await server.AuditRowsForJobAsync(id)).Select(a => a.Action).ToList();
        Assert.Equal([AuditActions.JobSubmitted, AuditActions.JobStarted, AuditActions.JobFinished], actions);
        var submitted = Assert.Single(await server.AuditRowsAsync(correlationId), a => a.Action == AuditActions.JobSubmitted);
        Assert.Contains("\"param.text\":\"async\"", submitted.DetailsJson);
    }

    [Fact]
    public async Task Execute_WithAMissingAndAnUnknownParameter_Returns400NamingEach_AndAuditsTheRejection()
    {
        await using var server = await StartWithTestCatalogAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        var correlationId = NewCorrelationId();

        using var response = await client.ExecuteRawAsync("""{"template": "echo_strict", "parameters": {"colour": "red"}}""", correlationId: correlationId);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal("https://secureexec.dev/problems/validation", problem.GetProperty("type").GetString());
        Assert.Equal("required", problem.GetProperty("rules").GetProperty("text")[0].GetString());
        Assert.Equal("unknown_parameter", problem.GetProperty("rules").GetProperty("colour")[0].GetString());
        Assert.Contains("text", problem.GetProperty("errors").GetProperty("text")[0].GetString());
        var rejected = Assert.Single(await server.AuditRowsAsync(correlationId));
        Assert.Equal(AuditActions.JobRejected, rejected.Action);
        Assert.Equal("echo_strict", rejected.Template);
        Assert.Equal(0, await JobCountAsync(server));
    }

    [Fact]
    public async Task Execute_WithAValueOutOfRange_Returns400NamingTheParameterAndRule()
    {
        await using var server = await JobsTestSupport.StartShippedAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("olga", "operator"));

        using var response = await client.ExecuteAsync("tail_log", new { logfile = "/var/log/dpkg.log", lines = 999999 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal("max_value", problem.GetProperty("rules").GetProperty("lines")[0].GetString());
    }

    [Theory]
    [InlineData("", "body")]
    [InlineData("{", "body")]
    [InlineData("[]", "body")]
    [InlineData("\"uptime\"", "body")]
    [InlineData("{\"parameters\": {}}", "template")]
    [InlineData("{\"template\": 5}", "template")]
    [InlineData("{\"template\": null}", "template")]
    [InlineData("{\"template\": \"echo_literal\", \"parameters\": [\"a\"]}", "parameters")]
    [InlineData("{\"template\": \"echo_literal\", \"parameters\": \"text=a\"}", "parameters")]
    [InlineData("{\"template\": \"echo_literal\", \"command\": \"id\"}", "command")]
    [InlineData("{\"template\": \"echo_literal\", \"template\": \"sleep_for\"}", "template")]
    [InlineData("{\"template\": \"echo_literal\",}", "body")]
    [InlineData("{\"template\": \"echo_literal\" /* comment */}", "body")]
    [InlineData("{\"template\": \"echo_literal\", \"parameters\": {\"text\": \"a\"}} trailing", "body")]
    public async Task Execute_WithAMalformedBody_Returns400NamingTheField_NeverA500(string body, string field)
    {
        await using var server = await StartWithTestCatalogAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));

        using var response = await client.ExecuteRawAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Execute_WithADeeplyNestedValue_Returns400()
    {
        await using var server = await StartWithTestCatalogAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        var nested = string.Concat(Enumerable.Repeat("[", 100)) + string.Concat(Enumerable.Repeat("]", 100));

        using var response = await client.ExecuteRawAsync("{\"template\": \"echo_literal\", \"parameters\": {\"text\": " + nested + "}}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Execute_UnknownAndForbiddenTemplates_AnswerIdentical403s_AuditedApart_WithTheNameEncoded()
    {
        await using var server = await StartWithTestCatalogAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        var forbiddenId = NewCorrelationId();
        var unknownId = NewCorrelationId();

        using var forbidden = await client.ExecuteAsync("admin_only", correlationId: forbiddenId);
        using var unknown = await client.ExecuteAsync("evil\nname\u001b[2J", new { text = "x" }, correlationId: unknownId);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
        Assert.Equal(CommandsEndpointTests.Generic(await forbidden.JsonAsync()), CommandsEndpointTests.Generic(await unknown.JsonAsync()));
        Assert.Equal("insufficient_scope", (await forbidden.JsonAsync()).GetProperty("error").GetString());
        var denied = Assert.Single(await server.AuditRowsAsync(forbiddenId));
        Assert.Equal((AuditActions.Denied, AuditOutcomes.Denied, "admin_only"), (denied.Action, denied.Outcome, denied.Template));
        var probe = Assert.Single(await server.AuditRowsAsync(unknownId));
        Assert.Equal(AuditActions.UnknownCommand, probe.Action);
        Assert.Equal("evil\\u000aname\\u001b[2J", probe.Template);
        Assert.Equal(0, await JobCountAsync(server));
    }

    [Fact]
    public async Task Execute_AuthorizesBeforeValidating_SoAForbiddenTemplateWithBadParametersIs403()
    {
        await using var server = await StartWithTestCatalogAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));

        using var response = await client.ExecuteAsync("admin_only", new { nonsense = "$(id)" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Execute_WithoutAToken_Is401()
    {
        await using var server = await StartWithTestCatalogAsync();
        using var client = server.Client();

        using var response = await client.ExecuteAsync("echo_literal", new { text = "x" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Execute_WithASensitiveValue_MasksItInViewsAndAudit_AndClearsItFromTheRowWhenTheJobEnds()
    {
        const string secret = "hunter2-do-not-keep";
        await using var server = await StartWithTestCatalogAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));

        var job = await client.RunAsync("echo_secret", new { secret });
        var id = job.GetProperty("id").GetString()!;

        Assert.Equal("***", job.GetProperty("parameters").GetProperty("secret").GetString());
        await using var scope = server.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        var row = await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == id);
        Assert.Null(row.ArgvJson);
        Assert.DoesNotContain(secret, JsonSerializer.Serialize(row));
        Assert.All(await server.AuditRowsForJobAsync(id), a => Assert.DoesNotContain(secret, a.DetailsJson));
    }

    [Fact]
    public async Task Execute_ACommandThatFails_EndsFailedWithItsExitCode()
    {
        await using var server = await JobsTestSupport.StartShippedAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("olga", "operator"));

        var job = await client.RunAsync("list_files", new { path = "/srv/does-not-exist" });

        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.NotEqual(0, job.GetProperty("exit_code").GetInt32());
        Assert.NotEqual(0, job.GetProperty("stderr_bytes").GetInt64());
        var finished = (await server.AuditRowsForJobAsync(job.GetProperty("id").GetString()!)).Last();
        Assert.Equal((AuditActions.JobFinished, AuditOutcomes.Failure), (finished.Action, finished.Outcome));
        Assert.Contains("\"status\":\"failed\"", finished.DetailsJson);
    }

    [Fact]
    public async Task Execute_IdempotencyKey_ReturnsTheSameJobForARetry_And409ForADifferentRequest()
    {
        await using var server = await StartWithTestCatalogAsync();
        using var alice = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        using var bob = server.Client(await server.TokenForNewUserAsync("bob", "tester"));

        using var first = await alice.ExecuteAsync("echo_literal", new { text = "once" }, wait: true, idempotencyKey: "key-1");
        using var retry = await alice.ExecuteAsync("echo_literal", new { text = "once" }, idempotencyKey: "key-1");
        using var changed = await alice.ExecuteAsync("echo_literal", new { text = "twice" }, idempotencyKey: "key-1");
        using var otherOwner = await bob.ExecuteAsync("echo_literal", new { text = "once" }, wait: true, idempotencyKey: "key-1");

        var id = (await first.JsonAsync()).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(id, (await retry.JsonAsync()).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
        Assert.Equal("https://secureexec.dev/problems/conflict", (await changed.JsonAsync()).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, otherOwner.StatusCode);
        Assert.NotEqual(id, (await otherOwner.JsonAsync()).GetProperty("id").GetString());
        Assert.Equal(2, await JobCountAsync(server));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("tab\there")]
    public async Task Execute_WithAnUnusableIdempotencyKey_Returns400NamingTheHeader(string key)
    {
        await using var server = await StartWithTestCatalogAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));

        using var response = await client.ExecuteAsync("echo_literal", new { text = "x" }, idempotencyKey: key);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    internal static async Task<int> JobCountAsync(RunningServer server)
    {
        await using var scope = server.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SecureExecDbContext>().Jobs.CountAsync();
    }
}
