using System.Net;
using Npgsql;
using SecureExec.Server.Api;
using SecureExec.Server.Tests.Auth;
using SecureExec.Server.Tests.Jobs;
using static SecureExec.Server.Tests.Jobs.JobsTestSupport;

namespace SecureExec.Server.Tests.Storage;

/// <summary>The database going away under a running server: 503 with Retry-After (never 500), not ready, and back by itself.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresOutageTests(PostgresServer postgres)
{
    [Fact]
    public async Task Server_WhenPostgresStopsAnswering_Returns503WithRetryAfter_IsNotReady_AndRecoversWithoutARestart()
    {
        await using var relay = new TcpRelay(postgres.Port);
        var database = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync()) { Port = relay.Port, Timeout = 5 }.ConnectionString;
        await using var server = await StartWithTestCatalogAsync(PostgresServer.On(database));
        using var alice = server.Client(await server.TokenForNewUserAsync("alice", "tester"));

        relay.Cut();
        using var execute = await alice.ExecuteAsync("echo_literal", new { text = "while down" });
        var login = await server.LoginAsync("alice");
        using var client = server.Client();
        using var ready = await client.GetAsync("/health/ready");
        using var live = await client.GetAsync("/health/live");
        relay.Restore();
        var readyAgain = await WaitUntilReadyAsync(client);
        var ran = await alice.RunAsync("echo_literal", new { text = "after" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, execute.StatusCode);
        Assert.Equal("application/problem+json", execute.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(execute.Headers.RetryAfter);
        Assert.Equal(ProblemTypes.Unavailable, (await execute.JsonAsync()).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, login.Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, readyAgain);
        Assert.Equal("succeeded", ran.GetProperty("status").GetString());
    }

    /// <summary>Polls readiness until it passes, bounded: connections the outage broke are dropped as they are found.</summary>
    private static async Task<HttpStatusCode> WaitUntilReadyAsync(HttpClient client)
    {
        var status = HttpStatusCode.ServiceUnavailable;
        for (var i = 0; i < 100 && status != HttpStatusCode.OK; i++)
        {
            using var ready = await client.GetAsync("/health/ready");
            status = ready.StatusCode;
            if (status != HttpStatusCode.OK)
            {
                await Task.Delay(100);
            }
        }

        return status;
    }
}
