using System.Net;
using SecureExec.Core.Audit;
using SecureExec.Server.Tests.Audit;
using static SecureExec.Server.Tests.Jobs.JobsTestSupport;

namespace SecureExec.Server.Tests.Jobs;

/// <summary>Many users submitting and logging in at once against one SQLite file: every submission lands, and the chain stays whole.</summary>
[Collection(SandboxRunsCollection.Name)]
public sealed class ConcurrentSubmissionTests
{
    private const int Users = 3;
    private const int PerUser = 10;

    [Fact]
    public async Task Execute_ThirtyParallelSubmissionsFromSeveralUsers_AreAllAccepted_AndTheAuditChainVerifies()
    {
        await using var server = await StartWithTestCatalogAsync();
        var clients = new List<HttpClient>();
        for (var u = 0; u < Users; u++)
        {
            clients.Add(server.Client(await server.TokenForNewUserAsync($"user{u}", "tester")));
        }

        using var auditor = server.Client(await server.TokenForNewUserAsync("audrey", "auditor"));

        try
        {
            var submissions = clients.SelectMany((client, u) => Enumerable.Range(0, PerUser).Select(async i =>
            {
                // Every third one waits for its end, so submissions, starts and finishes all write at once.
                using var response = await client.ExecuteAsync("echo_literal", new { text = $"u{u}-{i}" }, wait: i % 3 == 0);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, $"got {(int)response.StatusCode}: {body}");
                return (client, id: System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!, text: $"u{u}-{i}");
            }));
            // Logins write token rows and audit entries of their own, at the same time.
            var logins = Enumerable.Range(0, Users * 2).Select(async i =>
            {
                var login = await server.PasswordGrantAsync($"user{i % Users}", RunningServer.Password);
                Assert.True(login.TryGetProperty("access_token", out _), login.ToString());
            });
            var jobsTask = Task.WhenAll(submissions);
            await Task.WhenAll(jobsTask, Task.WhenAll(logins));
            var jobs = await jobsTask;

            Assert.Equal(Users * PerUser, jobs.Select(j => j.id).Distinct().Count());
            foreach (var (client, id, text) in jobs)
            {
                await client.WaitForStatusAsync(id, "succeeded");
                Assert.Equal(text, await client.StdoutAsync(id));
                var actions = (await server.AuditRowsForJobAsync(id)).Select(a => a.Action).ToList();
                Assert.Equal([AuditActions.JobSubmitted, AuditActions.JobStarted, AuditActions.JobFinished], actions);
            }

            var (status, verify) = await auditor.GetJsonAsync("/audit/verify");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.True(verify.GetProperty("intact").GetBoolean(), verify.ToString());
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    [Fact]
    public async Task Execute_ParallelRetriesWithOneIdempotencyKey_AllAnswerTheSameSingleJob()
    {
        await using var server = await StartWithTestCatalogAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await client.ExecuteAsync("echo_literal", new { text = "once" }, idempotencyKey: "same-key");
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, $"got {(int)response.StatusCode}: {body}");
            return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("id").GetString();
        }));

        Assert.Single(answers.Distinct());
        Assert.Equal(1, await ExecuteTests.JobCountAsync(server));
        Assert.Single(await server.AuditRecordsAsync(a => a.Action == AuditActions.JobSubmitted));
    }
}
