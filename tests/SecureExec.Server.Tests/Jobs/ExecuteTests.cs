using static SecureExec.Server.Tests.Jobs.JobsTestSupport;

namespace SecureExec.Server.Tests.Jobs;

public sealed class ExecuteTests
{
    [Fact]
    public async Task Execute_WithWait_ReturnsTheFinishedJobAndItsOutput()
    {
        await using var server = await StartWithTestCatalogAsync();
        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));

        var job = await client.RunAsync("echo_literal", new { text = "hello; world" });

        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal(0, job.GetProperty("exitCode").GetInt32());
        Assert.Equal("hello; world", job.GetProperty("parameters").GetProperty("text").GetString());
        Assert.Equal("hello; world", await client.StdoutAsync(job.GetProperty("id").GetString()!));
    }
}
