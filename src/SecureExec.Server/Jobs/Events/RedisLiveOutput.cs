using SecureExec.Server.Jobs.Queue;
using StackExchange.Redis;

namespace SecureExec.Server.Jobs.Events;

/// <summary>
/// Follows a job's Redis stream from its first entry: subscribed to the job's channel before the first read, so an
/// entry added between a read and the follower's wait still wakes it. A read Redis cannot answer returns nothing and
/// the next one carries on from the same entry, so an outage delays output but loses none that Redis kept.
/// </summary>
internal sealed class RedisLiveOutput : ILiveOutput
{
    private const int Page = 256;

    private readonly IDatabase _db;
    private readonly RedisJobEvents _events;
    private readonly string _jobId;
    private readonly Action<RedisChannel, RedisValue> _handler;
    private RedisValue _after = "-";

    private RedisLiveOutput(IDatabase db, RedisJobEvents events, string jobId, Action changed)
    {
        _db = db;
        _events = events;
        _jobId = jobId;
        _handler = (_, _) => changed();
    }

    /// <summary>The follower, or null when Redis cannot be reached now.</summary>
    public static async Task<RedisLiveOutput?> OpenAsync(RedisConnection connection, RedisJobEvents events, string jobId, Action changed)
    {
        try
        {
            var db = await connection.DatabaseAsync();
            var output = new RedisLiveOutput(db, events, jobId, changed);
            await db.Multiplexer.GetSubscriber().SubscribeAsync(events.ChannelOf(jobId), output._handler);
            return output;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return null;
        }
    }

    public async ValueTask<IReadOnlyList<LiveChunk>> ReadAsync(CancellationToken cancellationToken)
    {
        var chunks = new List<LiveChunk>();
        try
        {
            while (true)
            {
                var entries = await _db.StreamRangeAsync(_events.KeyOf(_jobId), _after, "+", Page);
                foreach (var entry in entries)
                {
                    _after = "(" + entry.Id;
                    if (RedisJobEvents.ChunkOf(entry) is { } chunk)
                    {
                        chunks.Add(chunk);
                    }
                }

                if (entries.Length < Page)
                {
                    return chunks;
                }
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return chunks;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _db.Multiplexer.GetSubscriber().UnsubscribeAsync(_events.ChannelOf(_jobId), _handler);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // the subscription went with the connection
        }
    }
}
