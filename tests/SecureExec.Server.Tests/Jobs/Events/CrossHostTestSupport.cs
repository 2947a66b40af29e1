using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureExec.Server.Jobs;
using SecureExec.Server.Storage;
using SecureExec.Server.Tests.Jobs.Queue;
using SecureExec.Server.Tests.Streaming;

namespace SecureExec.Server.Tests.Jobs.Events;

/// <summary>Two servers on one SQLite file and one Redis queue: an API-only instance and one whose workers run the jobs.</summary>
internal sealed class TwoHosts : IAsyncDisposable
{
    private TwoHosts(string stream, RunningServer api, RunningServer worker)
    {
        Stream = stream;
        Api = api;
        Worker = worker;
    }

    /// <summary>Zero workers: every job it accepts runs on <see cref="Worker"/>.</summary>
    public RunningServer Api { get; }

    public RunningServer Worker { get; }

    /// <summary>The queue's stream key; a job's live output is at <c>{Stream}:events:{job id}</c>.</summary>
    public string Stream { get; }

    public static async Task<TwoHosts> StartAsync(RedisInstance redis, params string[] more)
    {
        var stream = RedisTestSupport.NewStream();
        var dataDirectory = ServerTestSupport.NewDataDirectory();
        var worker = await RunningServer.StartOnAsync(dataDirectory, StreamingTestSupport.Configuration(redis.QueueArguments(stream, more)));
        try
        {
            var api = await RunningServer.StartOnAsync(dataDirectory, StreamingTestSupport.Configuration(redis.QueueArguments(stream, [.. more, "--SecureExec:Jobs:Workers=0"])));
            return new TwoHosts(stream, api, worker);
        }
        catch
        {
            await worker.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        await Worker.DisposeAsync();
    }
}

internal static class CrossHostTestSupport
{
    /// <summary>The run of a job in this server's process, or null when it runs elsewhere (or not at all).</summary>
    public static RunningJob? RunningJob(this RunningServer server, string jobId) =>
        server.App.Services.GetRequiredService<RunningJobs>().Find(jobId);

    /// <summary>Records a cancel on the job's row the way an instance does, without announcing it.</summary>
    public static async Task SetCancelFlagAsync(this RunningServer server, string jobId)
    {
        await using var scope = server.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        await db.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s.SetProperty(j => j.CancelRequested, true));
    }
}
