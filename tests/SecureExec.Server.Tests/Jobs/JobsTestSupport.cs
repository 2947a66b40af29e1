using System.Net;
using System.Text;
using System.Text.Json;
using SecureExec.Server.Audit;
using SecureExec.Server.Jobs;
using static SecureExec.Server.Tests.ServerTestSupport;

namespace SecureExec.Server.Tests.Jobs;

/// <summary>
/// Tests that run commands in the real sandbox: one at a time and apart from every other test, because each server's
/// start-up sweeps leftover run cgroups.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SandboxRunsCollection
{
    public const string Name = "sandbox runs";
}

/// <summary>Requests and checks the jobs tests share: executing, polling a job to a state, reading audit rows.</summary>
internal static class JobsTestSupport
{
    /// <summary>
    /// Templates for what the shipped catalog has no template for: a long run to cancel or interrupt, programs that
    /// print their argument verbatim, a sensitive value, paged output. Scope <c>test:run</c> (role tester).
    /// </summary>
    public const string TestCatalog = """
        templates:
          sleep_for:
            command: "sleep {seconds}"
            description: "Waits, so a test has a running job"
            category: "test"
            parameters:
              seconds: {type: int, min_value: 1, max_value: 600}
            permissions: {required_scopes: ["test:run"], max_execution_time: 600}
            max_processes: 4
          echo_literal:
            command: ["printf", "%s", "{text}"]
            description: "Prints its one argument verbatim; any text is allowed"
            category: "test"
            parameters:
              text: {type: string, allow_shell_syntax: true, allow_leading_dash: true, max_length: 4000}
            permissions: {required_scopes: ["test:run"], max_execution_time: 15}
            max_processes: 4
          echo_strict:
            command: ["printf", "%s", "{text}"]
            description: "Prints its one argument verbatim; shell syntax is refused"
            category: "test"
            parameters:
              text: {type: string, max_length: 4000}
            permissions: {required_scopes: ["test:run"], max_execution_time: 15}
            max_processes: 4
          echo_secret:
            command: ["printf", "%s", "{secret}"]
            description: "Prints a sensitive value"
            category: "test"
            parameters:
              secret: {type: string, sensitive: true, max_length: 200}
            permissions: {required_scopes: ["test:run"], max_execution_time: 15}
            max_processes: 4
          count_to:
            command: "seq 1 {n}"
            description: "Prints the numbers from 1 to n, one a line"
            category: "test"
            parameters:
              n: {type: int, min_value: 1, max_value: 1000000}
            permissions: {required_scopes: ["test:run"], max_execution_time: 30}
            max_processes: 4
            max_output: "64k"
          tail_log_test:
            command: "tail -n 5 {logfile}"
            description: "The last lines of a log file under /var/log"
            category: "test"
            parameters:
              logfile: {type: path, allowed_paths: ["/var/log"], forbidden_paths: ["/var/log/btmp"], max_length: 512}
            permissions: {required_scopes: ["test:run"], max_execution_time: 15}
            max_processes: 4
          admin_only:
            command: "true"
            description: "Needs a scope only admins hold"
            category: "test"
            permissions: {required_scopes: ["test:admin"], max_execution_time: 5}
        """;

    public const string TestPermissions = """
        roles:
          tester: {scopes: ["test:run"]}
          auditor: {scopes: ["audit:read", "jobs:read:all"]}
          admin: {includes: [tester, auditor], scopes: ["admin", "test:admin"]}
        """;

    /// <summary>Host arguments for the test catalog and permissions.</summary>
    public static string[] TestConfiguration(params string[] overrides) =>
        [$"--SecureExec:Catalog:Path={WriteTemp(TestCatalog)}", $"--SecureExec:Permissions:Path={WriteTemp(TestPermissions)}", .. overrides];

    public static Task<RunningServer> StartWithTestCatalogAsync(params string[] overrides) =>
        RunningServer.StartAsync(TestConfiguration(overrides));

    /// <summary>The shipped catalog and permissions.</summary>
    public static Task<RunningServer> StartShippedAsync(params string[] overrides) =>
        RunningServer.StartAsync(overrides);

    public static async Task<HttpResponseMessage> ExecuteAsync(
        this HttpClient client, string template, object? parameters = null, bool wait = false, string? idempotencyKey = null, string? correlationId = null)
    {
        var body = JsonSerializer.Serialize(new { template, parameters = parameters ?? new { } });
        return await client.ExecuteRawAsync(body, wait, idempotencyKey, correlationId);
    }

    public static async Task<HttpResponseMessage> ExecuteRawAsync(
        this HttpClient client, string body, bool wait = false, string? idempotencyKey = null, string? correlationId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, wait ? "/execute?wait=true" : "/execute")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (correlationId is not null)
        {
            request.Headers.Add("X-Correlation-ID", correlationId);
        }

        return await client.SendAsync(request);
    }

    /// <summary>Submits and expects 202; returns the job id.</summary>
    public static async Task<string> SubmitAsync(this HttpClient client, string template, object? parameters = null)
    {
        using var response = await client.ExecuteAsync(template, parameters);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Submits with <c>?wait=true</c> and expects 200 with the finished job.</summary>
    public static async Task<JsonElement> RunAsync(this HttpClient client, string template, object? parameters = null)
    {
        using var response = await client.ExecuteAsync(template, parameters, wait: true);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> GetJobAsync(this HttpClient client, string id)
    {
        using var response = await client.GetAsync($"/jobs/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    /// <summary>
    /// Polls the job until its status is one of <paramref name="statuses"/>. The loop is bounded and only waits between
    /// reads of real state; no assertion depends on how long anything took.
    /// </summary>
    public static async Task<JsonElement> WaitForStatusAsync(this HttpClient client, string id, params string[] statuses)
    {
        for (var i = 0; i < 600; i++)
        {
            var job = await client.GetJobAsync(id);
            if (statuses.Contains(job.GetProperty("status").GetString()))
            {
                return job;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"job {id} never reached {string.Join("/", statuses)}");
    }

    public static async Task<string> StdoutAsync(this HttpClient client, string id)
    {
        using var response = await client.GetAsync($"/jobs/{id}/output?stream=stdout");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.JsonAsync();
        Assert.Equal("utf-8", page.GetProperty("encoding").GetString());
        return page.GetProperty("data").GetString()!;
    }

    /// <summary>The audit rows a request wrote, found by the correlation id it sent.</summary>
    public static Task<List<AuditRecord>> AuditRowsAsync(this RunningServer server, string correlationId) =>
        server.AuditRecordsAsync(a => a.CorrelationId == correlationId);

    public static Task<List<AuditRecord>> AuditRowsForJobAsync(this RunningServer server, string jobId) =>
        server.AuditRecordsAsync(a => a.JobId == jobId);

    public static string NewCorrelationId() => "t-" + Guid.NewGuid().ToString("N");

    /// <summary>A job row of the <c>echo_literal</c> template, as a submission would store it, in any status.</summary>
    public static JobRecord JobRow(string status, string owner, string text, DateTimeOffset createdAt)
    {
        var argv = JsonSerializer.Serialize(new[] { "printf", "%s", text });
        return new JobRecord
        {
            Id = Guid.CreateVersion7(createdAt).ToString("N"),
            Template = "echo_literal",
            CatalogSha256 = "",
            ParametersForLogJson = JsonSerializer.Serialize(new Dictionary<string, string> { ["text"] = text }),
            ArgvJson = argv,
            ArgvForLogJson = argv,
            ArgvSha256 = "",
            Status = status,
            OwnerSubject = owner,
            CreatedAt = createdAt,
            StartedAt = status == "running" ? createdAt : null,
        };
    }
}
