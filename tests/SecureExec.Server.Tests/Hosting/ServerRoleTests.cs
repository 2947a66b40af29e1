using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SecureExec.Server.Jobs;
using SecureExec.Server.Tests.Jobs.Queue;
using static SecureExec.Server.Tests.Jobs.JobsTestSupport;
using static SecureExec.Server.Tests.Jobs.Queue.RedisTestSupport;
using static SecureExec.Server.Tests.ServerTestSupport;

namespace SecureExec.Server.Tests.Hosting;

/// <summary>An api instance runs no workers, a worker instance serves no API; over Redis and a shared store they run jobs together.</summary>
[Collection(RedisQueueCollection.Name)]
public sealed class ServerRoleTests(RedisFixture fixture)
{
    private readonly RedisInstance _redis = fixture.Redis;

    [Theory]
    [InlineData("GET", "/commands")]
    [InlineData("GET", "/jobs")]
    [InlineData("POST", "/execute")]
    [InlineData("POST", "/auth/token")]
    [InlineData("GET", "/.well-known/jwks")]
    [InlineData("GET", "/.well-known/openid-configuration")]
    [InlineData("GET", "/console")]
    [InlineData("GET", "/console/login")]
    [InlineData("GET", "/admin/users")]
    [InlineData("GET", "/audit")]
    [InlineData("GET", "/openapi/v1.json")]
    public async Task WorkerRole_AnswersNoApiRoute(string method, string path)
    {
        await using var worker = await StartWithTestCatalogAsync(_redis.QueueArguments(NewStream(), "--SecureExec:Role=worker"));
        using var client = worker.Client();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/metrics")]
    public async Task WorkerRole_ServesHealthAndMetrics(string path)
    {
        await using var worker = await StartWithTestCatalogAsync(_redis.QueueArguments(NewStream(), "--SecureExec:Role=worker"));
        using var client = worker.Client();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ApiRole_RunsNoWorkers_AndAWorkerInstanceRunsItsJobs()
    {
        var stream = NewStream();
        var dataDirectory = NewDataDirectory();
        await using var api = await RunningServer.StartOnAsync(dataDirectory, TestConfiguration(_redis.QueueArguments(stream, "--SecureExec:Role=api")));
        Assert.Empty(api.App.Services.GetServices<IHostedService>().OfType<JobDispatcher>());
        using var client = api.Client(await api.TokenForNewUserAsync("alice", "tester"));

        var id = await client.SubmitAsync("echo_literal", new { text = "run by the worker" });
        Assert.Equal("queued", (await client.GetJobAsync(id)).GetProperty("status").GetString());

        await using var worker = await RunningServer.StartOnAsync(dataDirectory, TestConfiguration(_redis.QueueArguments(stream, "--SecureExec:Role=worker")));
        Assert.Single(worker.App.Services.GetServices<IHostedService>().OfType<JobDispatcher>());

        var job = await client.WaitForStatusAsync(id, "succeeded", "failed", "sandbox_error");
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal("run by the worker", await client.StdoutAsync(id));
    }
}
