using System.Net;
using SecureExec.Server.Tests.Commands;
using static SecureExec.Server.Tests.Jobs.JobsTestSupport;

namespace SecureExec.Server.Tests.Jobs;

/// <summary>Another user's job is indistinguishable from a missing one, unless the caller reads all jobs.</summary>
[Collection(SandboxRunsCollection.Name)]
public sealed class JobAccessTests
{
    [Theory]
    [InlineData("GET", "/jobs/{id}")]
    [InlineData("GET", "/jobs/{id}/output")]
    [InlineData("GET", "/jobs/{id}/output?stream=stderr&offset=0&length=10")]
    [InlineData("POST", "/jobs/{id}/cancel")]
    public async Task AnotherUsersJob_Answers404ExactlyLikeAMissingJob(string method, string path)
    {
        await using var server = await StartWithTestCatalogAsync();
        using var alice = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        using var bob = server.Client(await server.TokenForNewUserAsync("bob", "tester"));
        var id = (await alice.RunAsync("echo_literal", new { text = "mine" })).GetProperty("id").GetString()!;
        var missing = Guid.CreateVersion7().ToString("N");

        using var others = await bob.SendAsync(new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", id)));
        using var absent = await bob.SendAsync(new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", missing)));

        Assert.Equal(HttpStatusCode.NotFound, others.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
        Assert.Equal(CommandsEndpointTests.Generic(await absent.JsonAsync()), CommandsEndpointTests.Generic(await others.JsonAsync()));
    }

    [Fact]
    public async Task List_ShowsOnlyTheCallersJobs_AndOthersOnlyToJobsReadAll()
    {
        await using var server = await StartWithTestCatalogAsync();
        using var alice = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        using var bob = server.Client(await server.TokenForNewUserAsync("bob", "tester"));
        using var auditor = server.Client(await server.TokenForNewUserAsync("audrey", "auditor"));
        var aliceJob = (await alice.RunAsync("echo_literal", new { text = "a" })).GetProperty("id").GetString()!;
        var bobJob = (await bob.RunAsync("echo_literal", new { text = "b" })).GetProperty("id").GetString()!;
        var aliceSubject = (await alice.GetJobAsync(aliceJob)).GetProperty("owner").GetString()!;

        using var bobsList = await bob.GetAsync("/jobs");
        using var bobAll = await bob.GetAsync("/jobs?all=true");
        using var bobAsAlice = await bob.GetAsync($"/jobs?owner={aliceSubject}");
        using var auditorAll = await auditor.GetAsync("/jobs?all=true");
        using var auditorAlice = await auditor.GetAsync($"/jobs?owner={aliceSubject}");

        Assert.Equal([bobJob], Ids(await bobsList.JsonAsync()));
        Assert.Equal(HttpStatusCode.Forbidden, bobAll.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, bobAsAlice.StatusCode);
        Assert.Equal([bobJob, aliceJob], Ids(await auditorAll.JsonAsync()));
        Assert.Equal([aliceJob], Ids(await auditorAlice.JsonAsync()));
    }

    [Fact]
    public async Task Admin_MayCancelAnyonesJob()
    {
        await using var server = await StartWithTestCatalogAsync();
        using var alice = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        using var admin = server.Client(await server.TokenForNewUserAsync("root", "admin"));
        var id = await alice.SubmitAsync("sleep_for", new { seconds = 600 });
        await alice.WaitForStatusAsync(id, "running");

        using var cancel = await admin.PostAsync($"/jobs/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal("cancelled", (await alice.WaitForStatusAsync(id, "cancelled", "succeeded", "failed")).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("status=nope", "status")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("since=yesterday", "since")]
    [InlineData("until=2025-13-45", "until")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("all=yes", "all")]
    public async Task List_WithABadFilter_Returns400NamingIt(string query, string field)
    {
        await using var server = await StartWithTestCatalogAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));

        using var response = await client.GetAsync($"/jobs?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task List_PagesNewestFirstWithACursor_AndFilters()
    {
        await using var server = await StartWithTestCatalogAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await client.RunAsync("echo_literal", new { text = $"n{i}" })).GetProperty("id").GetString()!);
        }

        var failed = (await client.RunAsync("tail_log_test", new { logfile = "/var/log/nope.log" })).GetProperty("id").GetString()!;
        ids.Add(failed);
        ids.Reverse();

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            using var response = await client.GetAsync(cursor is null ? "/jobs?limit=2" : $"/jobs?limit=2&cursor={cursor}");
            var page = await response.JsonAsync();
            seen.AddRange(Ids(page));
            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null);

        Assert.Equal(ids, seen);
        using var failedOnly = await client.GetAsync("/jobs?status=failed");
        Assert.Equal([failed], Ids(await failedOnly.JsonAsync()));
        using var echoes = await client.GetAsync("/jobs?template=echo_literal&status=succeeded,failed");
        Assert.Equal(5, Ids(await echoes.JsonAsync()).Count);
        using var future = await client.GetAsync($"/jobs?since={Instant(1)}");
        Assert.Empty(Ids(await future.JsonAsync()));
        using var past = await client.GetAsync($"/jobs?since={Instant(-1)}&until={Instant(1)}");
        Assert.Equal(6, Ids(await past.JsonAsync()).Count);
    }

    private static string Instant(int days) => Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(days).ToString("O"));

    private static List<string> Ids(System.Text.Json.JsonElement page) =>
        [.. page.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("id").GetString()!)];
}
