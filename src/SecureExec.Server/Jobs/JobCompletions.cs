using System.Collections.Concurrent;

namespace SecureExec.Server.Jobs;

/// <summary>Lets a <c>?wait=true</c> request wait for its job to end without polling the database.</summary>
internal sealed class JobCompletions
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);

    /// <summary>Starts watching a job; call before it is published so its end cannot be missed.</summary>
    public Task Watch(string jobId) =>
        _waiting.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>The job reached a terminal state.</summary>
    public void Finished(string jobId)
    {
        if (_waiting.TryRemove(jobId, out var completion))
        {
            completion.TrySetResult();
        }
    }
}
