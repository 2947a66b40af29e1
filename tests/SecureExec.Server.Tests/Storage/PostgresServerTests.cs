using System.Net;
using System.Text.Json;
using SecureExec.Server.Tests.Audit;
using SecureExec.Server.Tests.Auth;
using SecureExec.Server.Tests.Jobs;
using static SecureExec.Server.Tests.Jobs.JobsTestSupport;
using static SecureExec.Server.Tests.ServerTestSupport;

namespace SecureExec.Server.Tests.Storage;

/// <summary>The server on PostgreSQL, end to end: the paths that lean on the database's guarantees.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresServerTests(PostgresServer postgres)
{
    [Fact]
    public async Task Server_OnPostgres_LogsIn_Runs_Lists_ReplaysIdempotentSubmissions_AndKeepsTheAuditChain()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var server = await StartWithTestCatalogAsync(PostgresServer.On(database));
        using var alice = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        using var auditor = server.Client(await server.TokenForNewUserAsync("audrey", "auditor"));

        var ran = await alice.RunAsync("echo_literal", new { text = "on postgres" });
        var id = ran.GetProperty("id").GetString()!;
        var second = (await alice.RunAsync("echo_literal", new { text = "again" })).GetProperty("id").GetString()!;
        using var list = await alice.GetAsync("/jobs?limit=1");
        var page = await list.JsonAsync();
        using var next = await alice.GetAsync($"/jobs?limit=1&cursor={page.GetProperty("next").GetString()}");
        var retries = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => SubmitWithKeyAsync(alice, "same-key")));

        Assert.Equal("succeeded", ran.GetProperty("status").GetString());
        Assert.Equal("on postgres", await alice.StdoutAsync(id));
        Assert.Equal([second], Ids(page));
        Assert.Equal([id], Ids(await next.JsonAsync()));
        Assert.Single(retries.Distinct());
        Assert.Single(await server.AuditRecordsAsync(a => a.Action == Core.Audit.AuditActions.JobSubmitted && a.JobId == retries[0]));
        await alice.WaitForStatusAsync(retries[0], "succeeded");
        await AssertChainIntactAsync(auditor, database);
    }

    [Fact]
    public async Task Server_OnPostgres_ConcurrentRefreshesWithOneToken_YieldExactlyOneSuccess()
    {
        await using var server = await RunningServer.StartAsync(PostgresServer.On(await postgres.CreateDatabaseAsync()));
        var login = await server.NewUserLoginAsync("bob", "operator");

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => server.RefreshAsync(login.RefreshToken)));

        Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.OK), a => Assert.Equal("invalid_grant", a.Error));
    }

    /// <summary>Intact through the API and through <c>secureexec audit verify</c> on the same database.</summary>
    internal static async Task AssertChainIntactAsync(HttpClient auditor, string database)
    {
        var (status, verify) = await auditor.GetJsonAsync("/audit/verify");
        var (exit, output, errors) = Invoke(["audit", "verify", .. PostgresServer.On(database), $"--SecureExec:DataDirectory={NewDataDirectory()}"]);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(verify.GetProperty("intact").GetBoolean(), verify.ToString());
        Assert.True(exit == 0, output + errors);
    }

    internal static async Task<string> SubmitWithKeyAsync(HttpClient client, string key)
    {
        using var response = await client.ExecuteAsync("echo_literal", new { text = "once" }, idempotencyKey: key);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, $"got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    private static List<string> Ids(JsonElement page) =>
        [.. page.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("id").GetString()!)];
}
