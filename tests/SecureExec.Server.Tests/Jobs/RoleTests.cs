using System.Net;
using SecureExec.Core.Audit;

namespace SecureExec.Server.Tests.Jobs;

/// <summary>Every role of the shipped permissions against the shipped catalog: what it runs, what it is refused, what it reads.</summary>
[Collection(SandboxRunsCollection.Name)]
public sealed class RoleTests
{
    public static TheoryData<string, string?, string> Roles => new()
    {
        // role, a template it runs (null: none), a template it is refused
        { "viewer", "uptime", "view_file" },
        { "operator", "list_files", "dns_lookup" },
        { "network-operator", "disk_usage", "list_files" },
        { "auditor", null, "uptime" },
        { "admin", "list_files", "no_such_template" },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Role_RunsWhatItsScopesAllow_AndIsRefusedTheRest(string role, string? runs, string refused)
    {
        await using var server = await JobsTestSupport.StartShippedAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("someone", role));

        if (runs is not null)
        {
            var job = await client.RunAsync(runs, ParametersFor(runs));
            Assert.Equal("succeeded", job.GetProperty("status").GetString());
            Assert.NotEqual(0, job.GetProperty("stdout_bytes").GetInt64());
        }

        using var refusal = await client.ExecuteAsync(refused, ParametersFor(refused));
        Assert.Equal(HttpStatusCode.Forbidden, refusal.StatusCode);
    }

    [Fact]
    public async Task Auditor_RunsNothing_ButReadsEveryonesJobs()
    {
        await using var server = await JobsTestSupport.StartShippedAsync();
        using var viewer = server.Client(await server.TokenForNewUserAsync("vic", "viewer"));
        using var auditor = server.Client(await server.TokenForNewUserAsync("audrey", "auditor"));
        var id = (await viewer.RunAsync("uptime")).GetProperty("id").GetString()!;

        using var own = await auditor.GetAsync("/jobs");
        using var all = await auditor.GetAsync("/jobs?all=true");
        using var one = await auditor.GetAsync($"/jobs/{id}");
        using var output = await auditor.GetAsync($"/jobs/{id}/output");
        using var cancel = await auditor.PostAsync($"/jobs/{id}/cancel", null);

        Assert.Empty((await own.JsonAsync()).GetProperty("jobs").EnumerateArray());
        Assert.Equal(id, Assert.Single((await all.JsonAsync()).GetProperty("jobs").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal(HttpStatusCode.OK, output.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, cancel.StatusCode);
        var denied = Assert.Single(await server.AuditRecordsAsync(a => a.Action == AuditActions.Denied));
        Assert.Equal((id, "uptime"), (denied.JobId, denied.Template));
    }

    private static object? ParametersFor(string template) => template switch
    {
        "list_files" or "directory_size" => new { path = "/var/log" },
        "view_file" => new { path = "/var/log/dpkg.log" },
        "dns_lookup" => new { hostname = "localhost" },
        _ => null,
    };
}
