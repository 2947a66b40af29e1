namespace SecureExec.Server.Jobs.Events;

/// <summary>Live output of the jobs this process runs, read from their buffers in <see cref="RunningJobs"/>.</summary>
internal sealed class InProcessJobEventBus(RunningJobs running) : IJobEventBus
{
    public void Publish(RunningJob run)
    {
    }

    public ValueTask<ILiveOutput?> FollowAsync(string jobId, Action changed, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Follow(running, jobId, changed));

    /// <summary>The run's buffer when this process runs the job, else null.</summary>
    internal static ILiveOutput? Follow(RunningJobs running, string jobId, Action changed) =>
        running.Find(jobId) is { } run ? new BufferedLiveOutput(run.Output, changed) : null;

    private sealed class BufferedLiveOutput : ILiveOutput
    {
        private readonly JobOutputBuffer _buffer;
        private readonly Action _changed;
        private long _seen;

        public BufferedLiveOutput(JobOutputBuffer buffer, Action changed)
        {
            _buffer = buffer;
            _changed = changed;
            // Subscribed before the first read, so a chunk written between a read and the caller's wait still wakes it.
            _buffer.Changed += _changed;
        }

        public ValueTask<IReadOnlyList<LiveChunk>> ReadAsync(CancellationToken cancellationToken)
        {
            var chunks = new List<LiveChunk>();
            foreach (var chunk in _buffer.ChunksAfter(_seen))
            {
                _seen = chunk.Sequence;
                chunks.Add(new LiveChunk(chunk.Sequence, chunk.Stream, chunk.Offset, _buffer.Read(chunk)));
            }

            return ValueTask.FromResult<IReadOnlyList<LiveChunk>>(chunks);
        }

        public ValueTask DisposeAsync()
        {
            _buffer.Changed -= _changed;
            return ValueTask.CompletedTask;
        }
    }
}
