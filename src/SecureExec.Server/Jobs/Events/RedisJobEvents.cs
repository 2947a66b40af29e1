using System.Globalization;
using Microsoft.Extensions.Options;
using SecureExec.Sandbox;
using SecureExec.Server.Jobs.Queue;
using StackExchange.Redis;

namespace SecureExec.Server.Jobs.Events;

/// <summary>
/// Where a job's live events live in Redis and what an entry holds. Each running job has a stream
/// <c>{queue stream}:events:{job id}</c> of output entries (<c>seq</c>, <c>stream</c>, <c>offset</c>, <c>data</c>) and a
/// last <c>end</c> entry, capped at about <c>EventsMaxEntries</c> and expiring <c>EventsExpireAfter</c> after its last
/// write; a message on the channel of the same name wakes its followers. Cancels go on <c>{queue stream}:cancel</c>,
/// ended runs on <c>{queue stream}:ended</c>.
/// </summary>
internal sealed class RedisJobEvents(IOptions<QueueOptions> options)
{
    private const string SeqField = "seq";
    private const string StreamField = "stream";
    private const string OffsetField = "offset";
    private const string DataField = "data";
    private const string EndField = "end";

    private readonly string _prefix = options.Value.Redis.Stream + ":events:";

    public RedisQueueOptions Options { get; } = options.Value.Redis;

    public RedisKey KeyOf(string jobId) => _prefix + jobId;

    public RedisChannel ChannelOf(string jobId) => RedisChannel.Literal(_prefix + jobId);

    public RedisChannel CancelChannel { get; } = RedisChannel.Literal(options.Value.Redis.Stream + ":cancel");

    /// <summary>Where a worker announces the id of a job whose run ended and whose result is stored.</summary>
    public RedisChannel EndedChannel { get; } = RedisChannel.Literal(options.Value.Redis.Stream + ":ended");

    public static NameValueEntry[] EntryOf(OutputChunkIndex chunk, byte[] data) =>
    [
        new(SeqField, chunk.Sequence),
        new(StreamField, chunk.Stream == OutputStreamKind.Stdout ? "stdout" : "stderr"),
        new(OffsetField, chunk.Offset),
        new(DataField, data),
    ];

    public static NameValueEntry[] EndEntry { get; } = [new(EndField, 1)];

    /// <summary>The chunk an entry holds, or null for the end entry or one it cannot read.</summary>
    public static LiveChunk? ChunkOf(StreamEntry entry)
    {
        var seq = entry[SeqField];
        var offset = entry[OffsetField];
        var data = entry[DataField];
        if (seq.IsNull || offset.IsNull || data.IsNull
            || !long.TryParse(seq.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || !long.TryParse(offset.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var at))
        {
            return null;
        }

        var stream = entry[StreamField] == "stderr" ? OutputStreamKind.Stderr : OutputStreamKind.Stdout;
        return new LiveChunk(sequence, stream, at, (byte[])data!);
    }
}
