using System.Threading.Channels;
using SecureExec.Server.Jobs.Queue;
using StackExchange.Redis;

namespace SecureExec.Server.Jobs.Events;

/// <summary>
/// Copies one run's output from its buffer to the job's Redis stream, in sequence order, and adds the end entry once
/// the run's result is stored. It runs beside the sandbox, never in its way: the sandbox writes to the buffer, and
/// this follows the buffer. A chunk that cannot be added (Redis away) is skipped; followers see the gap by its offsets
/// and take the rest from the stored output at the end.
/// </summary>
internal sealed partial class RedisOutputForwarder
{
    private readonly RedisConnection _connection;
    private readonly RedisJobEvents _events;
    private readonly JobOutputBuffer _output;
    private readonly string _jobId;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private bool _failed;

    private RedisOutputForwarder(RedisConnection connection, RedisJobEvents events, RunningJob run, TimeProvider time, ILogger logger)
    {
        _connection = connection;
        _events = events;
        _output = run.Output;
        _jobId = run.JobId;
        _time = time;
        _logger = logger;
    }

    public static Task Start(RedisConnection connection, RedisJobEvents events, RunningJob run, TimeProvider time, ILogger logger)
    {
        var forwarder = new RedisOutputForwarder(connection, events, run, time, logger);
        forwarder._output.Changed += forwarder.Notify;
        return Task.Run(forwarder.PumpAsync, CancellationToken.None);
    }

    private void Notify() => _wake.Writer.TryWrite(true);

    private async Task PumpAsync()
    {
        var key = _events.KeyOf(_jobId);
        var expiry = _events.Options.EventsExpireAfter;
        long forwarded = 0;
        try
        {
            // Followers waiting for the job to start look at the database again now.
            await SendAsync(key, [], expiry, ended: false);
            while (true)
            {
                // Read before draining: every chunk written before the run ended is drained in this pass.
                var ended = _output.Ended;
                var batch = new List<NameValueEntry[]>();
                foreach (var chunk in _output.ChunksAfter(forwarded))
                {
                    forwarded = chunk.Sequence;
                    batch.Add(RedisJobEvents.EntryOf(chunk, _output.Read(chunk)));
                }

                if (ended)
                {
                    batch.Add(RedisJobEvents.EndEntry);
                }

                await SendAsync(key, batch, expiry, ended);
                if (ended)
                {
                    return;
                }

                await WaitAsync(expiry / 2);
            }
        }
        finally
        {
            _output.Changed -= Notify;
        }
    }

    /// <summary>Adds the entries, keeps the key alive and wakes the followers (and, at the end, any instance waiting for the job).</summary>
    private async Task SendAsync(RedisKey key, List<NameValueEntry[]> entries, TimeSpan expiry, bool ended)
    {
        try
        {
            var db = await _connection.DatabaseAsync();
            var options = _events.Options;
            var sends = entries.Select(e => (Task)db.StreamAddAsync(key, e, maxLength: options.EventsMaxEntries, useApproximateMaxLength: true)).ToList();
            sends.Add(db.KeyExpireAsync(key, expiry));
            sends.Add(db.PublishAsync(_events.ChannelOf(_jobId), 1));
            if (ended)
            {
                sends.Add(db.PublishAsync(_events.EndedChannel, _jobId));
            }
            await Task.WhenAll(sends);
            _failed = false;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            if (!_failed)
            {
                _failed = true;
                ForwardFailed(_logger, e, _jobId);
            }
        }
    }

    private async Task WaitAsync(TimeSpan refresh)
    {
        using var timeout = new CancellationTokenSource(refresh, _time);
        try
        {
            await _wake.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // a quiet run: refresh the expiry
        }
    }

    [LoggerMessage(EventId = 4301, Level = LogLevel.Warning, Message = "Live output of job {JobId} could not be sent to Redis; followers get it from the stored output when the job ends")]
    private static partial void ForwardFailed(ILogger logger, Exception exception, string jobId);
}
