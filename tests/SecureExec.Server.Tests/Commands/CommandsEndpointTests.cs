using System.Net;
using System.Text.Json;
using SecureExec.Core.Audit;
using SecureExec.Server.Tests.Jobs;

namespace SecureExec.Server.Tests.Commands;

[Collection(SandboxRunsCollection.Name)]
public sealed class CommandsEndpointTests
{
    public static TheoryData<string, string[]> RunnableByRole => new()
    {
        { "viewer", ["disk_usage", "memory_usage", "processes", "uptime"] },
        { "operator", ["list_files", "view_file", "directory_size", "tail_log", "grep_log", "disk_usage", "memory_usage", "processes", "uptime"] },
        { "network-operator", ["disk_usage", "memory_usage", "processes", "uptime", "dns_lookup", "ping_host", "check_port"] },
        { "auditor", [] },
        {
            "admin",
            ["list_files", "view_file", "directory_size", "tail_log", "grep_log", "disk_usage", "memory_usage", "processes", "uptime", "dns_lookup", "ping_host", "check_port"]
        },
    };

    [Theory]
    [MemberData(nameof(RunnableByRole))]
    public async Task List_ShowsExactlyTheTemplatesTheCallersRolesMayRun(string role, string[] expected)
    {
        await using var server = await JobsTestSupport.StartShippedAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("user", role));

        using var response = await client.GetAsync("/commands");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var names = (await response.JsonAsync()).EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal(expected.Order(), names.Order());
    }

    [Fact]
    public async Task List_DescribesParametersSchemaAndLimits()
    {
        await using var server = await JobsTestSupport.StartShippedAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("olga", "operator"));

        using var response = await client.GetAsync("/commands/tail_log");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var command = await response.JsonAsync();
        Assert.Equal("logs", command.GetProperty("category").GetString());
        Assert.Equal(["logfile", "lines"], command.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        var schema = command.GetProperty("parameters_schema");
        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.Equal(5000, schema.GetProperty("properties").GetProperty("lines").GetProperty("maximum").GetInt32());
        Assert.Equal(["logfile"], schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        var limits = command.GetProperty("limits");
        Assert.Equal(15, limits.GetProperty("timeout_seconds").GetDouble());
        Assert.Equal(64L * 1024 * 1024, limits.GetProperty("memory_bytes").GetInt64());
        Assert.False(limits.GetProperty("network").GetBoolean());
    }

    [Fact]
    public async Task Get_UnknownAndForbidden_AnswerTheSame403_AndAreAuditedApart()
    {
        await using var server = await JobsTestSupport.StartShippedAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("vera", "viewer"));
        var forbiddenId = JobsTestSupport.NewCorrelationId();
        var unknownId = JobsTestSupport.NewCorrelationId();

        using var forbidden = await Get(client, "/commands/view_file", forbiddenId);
        using var unknown = await Get(client, "/commands/no_such_template", unknownId);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
        Assert.Equal(Generic(await forbidden.JsonAsync()), Generic(await unknown.JsonAsync()));
        Assert.Equal(forbidden.Headers.WwwAuthenticate.ToString(), unknown.Headers.WwwAuthenticate.ToString());
        Assert.Contains("insufficient_scope", forbidden.Headers.WwwAuthenticate.ToString());
        Assert.Equal(AuditActions.Denied, Assert.Single(await server.AuditRowsAsync(forbiddenId)).Action);
        var probe = Assert.Single(await server.AuditRowsAsync(unknownId));
        Assert.Equal(AuditActions.UnknownCommand, probe.Action);
        Assert.Equal("no_such_template", probe.Template);
    }

    [Fact]
    public async Task List_WithoutAToken_Is401()
    {
        await using var server = await JobsTestSupport.StartShippedAsync();
        using var client = server.Client();

        using var response = await client.GetAsync("/commands");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>The body without the per-request ids.</summary>
    internal static string Generic(JsonElement problem) =>
        JsonSerializer.Serialize(problem.EnumerateObject().Where(p => p.Name is not ("trace_id" or "correlation_id")).ToDictionary(p => p.Name, p => p.Value.ToString()));

    private static async Task<HttpResponseMessage> Get(HttpClient client, string path, string correlationId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Correlation-ID", correlationId);
        return await client.SendAsync(request);
    }
}
