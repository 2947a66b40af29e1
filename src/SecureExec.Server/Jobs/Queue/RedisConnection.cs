using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SecureExec.Server.Jobs.Queue;

/// <summary>
/// The one multiplexed connection to Redis. It never blocks start-up on an unreachable server, fails commands at
/// once while disconnected (no backlog, so a submission is refused instead of hanging), and reconnects by itself.
/// </summary>
internal sealed class RedisConnection(IOptions<QueueOptions> options) : IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _connection = new(() => ConnectAsync(options.Value.Redis));

    /// <summary>True while a connection to the server is open.</summary>
    public bool IsConnected => _connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully && _connection.Value.Result.IsConnected;

    public async Task<IDatabase> DatabaseAsync() => (await _connection.Value).GetDatabase();

    private static async Task<ConnectionMultiplexer> ConnectAsync(RedisQueueOptions redis)
    {
        var configuration = ConfigurationOptions.Parse(redis.Configuration!);
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ClientName ??= $"secureexec-{Environment.MachineName}-{Environment.ProcessId}";
        return await ConnectionMultiplexer.ConnectAsync(configuration);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            await _connection.Value.Result.DisposeAsync();
        }
    }
}
