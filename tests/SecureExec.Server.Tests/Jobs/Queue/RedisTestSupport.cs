using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using SecureExec.Server.Storage;
using StackExchange.Redis;
using static SecureExec.Server.Tests.ServerTestSupport;

namespace SecureExec.Server.Tests.Jobs.Queue;

/// <summary>
/// Tests of the Redis Streams queue: real redis-server, real server, real sandbox. Apart from every other test (the
/// sandbox runs' cgroup sweep) and one after another (some stop their Redis).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RedisQueueCollection : ICollectionFixture<RedisFixture>
{
    public const string Name = "redis queue";
}

/// <summary>One redis-server for the whole run, on a free loopback port (scripts/redis-test.sh).</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    public RedisInstance Redis { get; private set; } = null!;

    public async Task InitializeAsync() => Redis = await RedisInstance.StartAsync();

    public async Task DisposeAsync() => await Redis.DisposeAsync();
}

/// <summary>A redis-server of a test's own, which the test may stop and start again (on the same port, empty).</summary>
public sealed class RedisInstance : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "secureexec-tests", "redis-" + Guid.NewGuid().ToString("N"));
    private ConnectionMultiplexer? _client;

    private RedisInstance(int port) => Port = port;

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string the server is given.</summary>
    public string Configuration => $"127.0.0.1:{Port},connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000";

    public static async Task<RedisInstance> StartAsync()
    {
        var instance = new RedisInstance(FreePort());
        await instance.StartAgainAsync();
        return instance;
    }

    public Task StartAgainAsync() => ScriptAsync("start");

    public Task StopAsync() => ScriptAsync("stop");

    /// <summary>A client of the test's own, to look at and arrange the stream.</summary>
    public async Task<IDatabase> DatabaseAsync()
    {
        _client ??= await ConnectionMultiplexer.ConnectAsync($"{Configuration},abortConnect=false");
        return _client.GetDatabase();
    }

    /// <summary>Host arguments that put a server's queue on this Redis, on a stream and group of its own.</summary>
    public string[] QueueArguments(string stream, params string[] more) =>
    [
        "--SecureExec:Queue:Provider=redis",
        $"--SecureExec:Queue:Redis:Configuration={Configuration}",
        $"--SecureExec:Queue:Redis:Stream={stream}",
        $"--SecureExec:Queue:Redis:Group={stream}-workers",
        "--SecureExec:Queue:Redis:PollInterval=00:00:00.100",
        .. more,
    ];

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        await StopAsync();
    }

    private async Task ScriptAsync(string command)
    {
        var script = Path.Combine(RepositoryRoot, "scripts", "redis-test.sh");
        using var process = Process.Start(new ProcessStartInfo("bash", [script, command, _directory, Port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"redis-test.sh {command} failed: {errors}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

internal static class RedisTestSupport
{
    public static string NewStream() => "test:" + Guid.NewGuid().ToString("N");

    /// <summary>Waits for a condition on real state; bounded, and no assertion depends on how long it took.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        for (var i = 0; i < 1200; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"never: {what}");
    }

    /// <summary>The stream holds no entry and the group no pending one: every delivery was settled.</summary>
    public static async Task<bool> SettledAsync(IDatabase redis, string stream) =>
        await redis.StreamLengthAsync(stream) == 0 && (await redis.StreamPendingAsync(stream, stream + "-workers")).PendingMessageCount == 0;

    /// <summary>Adds an entry and hands it to a consumer that will never acknowledge it, in one step no worker can come between.</summary>
    public static async Task AddClaimedByDeadConsumerAsync(IDatabase redis, string stream, string jobId)
    {
        var group = stream + "-workers";
        try
        {
            await redis.StreamCreateConsumerGroupAsync(stream, group, StreamPosition.Beginning, createStream: true);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
        }

        var transaction = redis.CreateTransaction();
        _ = transaction.StreamAddAsync(stream, "job", jobId);
        var read = transaction.StreamReadGroupAsync(stream, group, "deadhost:1:0", StreamPosition.NewMessages, 10);
        Assert.True(await transaction.ExecuteAsync());
        Assert.Single(await read);
    }

    /// <summary>Stores a job row as a process would have left it (queued, or running on a worker that then died).</summary>
    public static async Task<string> InsertJobAsync(RunningServer server, string owner, string status, string text)
    {
        var now = DateTimeOffset.UtcNow;
        var job = JobsTestSupport.JobRow(status, owner, text, now);
        await using var scope = server.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        db.Jobs.Add(job);
        await db.SaveChangesAsync();
        return job.Id;
    }
}
