using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SecureExec.Server.Jobs.Queue;

/// <summary>
/// The stream and its consumer group: one entry per publish, carrying the job id in its <c>job</c> field. An entry is
/// acknowledged and deleted together, so the stream holds only entries not yet settled (waiting or being worked on).
/// </summary>
internal sealed class RedisJobStream(RedisConnection connection, IOptions<QueueOptions> options)
{
    public const string JobField = "job";
    private const int Page = 500;

    private readonly RedisKey _key = options.Value.Redis.Stream;
    private readonly RedisValue _group = options.Value.Redis.Group;

    public async Task AddAsync(string jobId)
    {
        var db = await connection.DatabaseAsync();
        await db.StreamAddAsync(_key, JobField, jobId);
    }

    /// <summary>Creates the group (and the stream) when missing, from the stream's start so no entry added before is skipped.</summary>
    public async Task EnsureGroupAsync()
    {
        var db = await connection.DatabaseAsync();
        try
        {
            await db.StreamCreateConsumerGroupAsync(_key, _group, StreamPosition.Beginning, createStream: true);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another process (or an earlier call) created it.
        }
    }

    /// <summary>An entry pending longer than <paramref name="minIdle"/> on any consumer, now this consumer's.</summary>
    public async Task<StreamAutoClaimResult> ReclaimAsync(string consumer, TimeSpan minIdle)
    {
        var db = await connection.DatabaseAsync();
        return await db.StreamAutoClaimAsync(_key, _group, consumer, (long)minIdle.TotalMilliseconds, "0-0", 1);
    }

    /// <summary>The next entry never delivered to any consumer.</summary>
    public async Task<StreamEntry[]> ReadNewAsync(string consumer)
    {
        var db = await connection.DatabaseAsync();
        return await db.StreamReadGroupAsync(_key, _group, consumer, StreamPosition.NewMessages, 1);
    }

    /// <summary>Resets the idle time of entries a live worker holds (its heartbeat), without counting a delivery.</summary>
    public async Task RefreshAsync(string consumer, RedisValue[] entryIds)
    {
        var db = await connection.DatabaseAsync();
        await db.StreamClaimIdsOnlyAsync(_key, _group, consumer, 0, entryIds);
    }

    public async Task SettleAsync(RedisValue entryId)
    {
        var db = await connection.DatabaseAsync();
        await db.StreamAcknowledgeAsync(_key, _group, entryId);
        await db.StreamDeleteAsync(_key, [entryId]);
    }

    /// <summary>Pending entries, with the consumer holding each and how long it has been idle.</summary>
    public async Task<StreamPendingMessageInfo[]> PendingAsync(int count)
    {
        var db = await connection.DatabaseAsync();
        return await db.StreamPendingMessagesAsync(_key, _group, count, RedisValue.Null);
    }

    /// <summary>The job id of one entry, or null when the entry is gone.</summary>
    public async Task<string?> JobOfAsync(RedisValue entryId)
    {
        var db = await connection.DatabaseAsync();
        var entries = await db.StreamRangeAsync(_key, entryId, entryId, 1);
        return entries.Length == 1 ? JobOf(entries[0]) : null;
    }

    /// <summary>Every job id the stream holds, waiting or pending.</summary>
    public async Task<HashSet<string>> JobIdsAsync()
    {
        var db = await connection.DatabaseAsync();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        RedisValue start = "-";
        while (true)
        {
            var entries = await db.StreamRangeAsync(_key, start, "+", Page);
            foreach (var entry in entries)
            {
                if (JobOf(entry) is { } jobId)
                {
                    ids.Add(jobId);
                }
            }

            if (entries.Length < Page)
            {
                return ids;
            }

            start = "(" + entries[^1].Id;
        }
    }

    public static string? JobOf(StreamEntry entry)
    {
        if (entry.IsNull)
        {
            return null;
        }

        var value = entry[JobField];
        return value.IsNullOrEmpty ? null : value.ToString();
    }

    public static bool IsMissingGroup(RedisServerException e) => e.Message.StartsWith("NOGROUP", StringComparison.Ordinal);
}
