using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace SecureExec.Server.Jobs.Queue;

/// <summary>Readiness: the Redis queue answers a PING. Fails at once while disconnected (no backlog, no hang).</summary>
internal sealed class RedisQueueHealthCheck(RedisConnection connection) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var db = await connection.DatabaseAsync();
            if (!connection.IsConnected)
            {
                return HealthCheckResult.Unhealthy("the Redis job queue is not connected");
            }

            await db.PingAsync();
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("the Redis job queue does not answer", e);
        }
    }
}
