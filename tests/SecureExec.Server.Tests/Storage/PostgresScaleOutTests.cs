using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureExec.Core.Audit;
using SecureExec.Server.Storage;
using SecureExec.Server.Tests.Jobs;
using static SecureExec.Server.Tests.Jobs.JobsTestSupport;

namespace SecureExec.Server.Tests.Storage;

/// <summary>
/// Two server processes' worth of hosts on one PostgreSQL database: each has its own in-process audit gate, so only
/// the database lock keeps their appends on one chain.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresScaleOutTests(PostgresServer postgres)
{
    private const int UsersPerServer = 2;
    private const int RunsPerUser = 8;

    [Fact]
    public async Task TwoServersOnOneDatabase_AppendingAtOnce_WriteOneChainThatVerifies()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var first = await StartWithTestCatalogAsync(PostgresServer.On(database));
        await using var second = await StartWithTestCatalogAsync(PostgresServer.On(database));
        RunningServer[] servers = [first, second];
        var users = servers.SelectMany((server, s) => Enumerable.Range(0, UsersPerServer).Select(u => (server, name: $"user{s}-{u}"))).ToList();
        foreach (var (server, name) in users)
        {
            await server.CreateUserAsync(name, RunningServer.Password, "tester");
        }

        // Each server signs with keys of its own, so a client logs in on the server it talks to.
        var clients = new List<(HttpClient Client, string Name)>();
        foreach (var (server, name) in users)
        {
            clients.Add((server.Client(await server.AccessTokenAsync(name, RunningServer.Password)), name));
        }

        try
        {
            var runs = clients.SelectMany(c => Enumerable.Range(0, RunsPerUser).Select(async i =>
            {
                using var response = await c.Client.ExecuteAsync("echo_literal", new { text = $"{c.Name}-{i}" }, wait: i % 2 == 0);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, $"got {(int)response.StatusCode}: {body}");
                return (c.Client, Id: JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!);
            }));
            var logins = users.SelectMany(u => Enumerable.Range(0, 3).Select(async attempt =>
            {
                var login = await u.server.PasswordGrantAsync(u.name, RunningServer.Password);
                Assert.True(login.TryGetProperty("access_token", out _), login.ToString());
            }));
            var jobsTask = Task.WhenAll(runs);
            await Task.WhenAll(jobsTask, Task.WhenAll(logins));
            foreach (var (client, id) in await jobsTask)
            {
                await client.WaitForStatusAsync(id, "succeeded");
            }

            var sequences = await SequencesAsync(first);
            var jobs = users.Count * RunsPerUser;
            Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
            Assert.Equal(jobs, (await first.AuditRecordsAsync(a => a.Action == AuditActions.JobFinished)).Count);
            Assert.Equal(users.Count * 4, (await first.AuditRecordsAsync(a => a.Action == AuditActions.LoginSucceeded)).Count);
            foreach (var server in servers)
            {
                using var auditor = server.Client(await server.TokenForNewUserAsync($"audrey{Array.IndexOf(servers, server)}", "auditor"));
                await PostgresServerTests.AssertChainIntactAsync(auditor, database);
            }
        }
        finally
        {
            clients.ForEach(c => c.Client.Dispose());
        }
    }

    private static async Task<List<long>> SequencesAsync(RunningServer server)
    {
        await using var scope = server.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        return await db.AuditRecords.AsNoTracking().OrderBy(a => a.Sequence).Select(a => a.Sequence).ToListAsync();
    }
}
