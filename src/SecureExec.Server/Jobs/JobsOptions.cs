using Microsoft.Extensions.Options;

namespace SecureExec.Server.Jobs;

/// <summary>The job queue and its workers: <c>SecureExec:Jobs:*</c>.</summary>
public sealed class JobsOptions
{
    public const string Section = "SecureExec:Jobs";

    /// <summary>Jobs accepted but not yet started, at most; a submission beyond it is refused with 503 and nothing is stored.</summary>
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>Jobs run at once by this process (each in its own sandbox); 0 runs none (an API-only process of a shared queue).</summary>
    public int Workers { get; set; } = Environment.ProcessorCount;

    /// <summary>How long <c>?wait=true</c> waits beyond the template's own timeout before answering 202.</summary>
    public TimeSpan WaitMargin { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The <c>Retry-After</c> of a 503 when the queue is full.</summary>
    public TimeSpan QueueFullRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// On stop (SIGTERM), how long running jobs may go on to finish; the workers take no new job meanwhile. Jobs
    /// still running after it are stopped and end <c>interrupted</c>.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Refuses to start with settings that cannot work, naming every one at once.</summary>
internal sealed class JobsOptionsValidator(IOptions<Queue.QueueOptions> queue) : IValidateOptions<JobsOptions>
{
    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        var errors = new List<string>();
        if (options.QueueCapacity < 1)
        {
            errors.Add($"{JobsOptions.Section}:QueueCapacity must be at least 1 (is {options.QueueCapacity})");
        }

        if (options.Workers < 0)
        {
            errors.Add($"{JobsOptions.Section}:Workers must not be negative (is {options.Workers})");
        }
        else if (options.Workers == 0 && !queue.Value.UsesRedis)
        {
            errors.Add($"{JobsOptions.Section}:Workers may be 0 only with a shared queue ({Queue.QueueOptions.Section}:Provider=redis): nothing else would run the jobs");
        }

        if (options.WaitMargin < TimeSpan.Zero)
        {
            errors.Add($"{JobsOptions.Section}:WaitMargin must not be negative");
        }

        if (options.DrainTimeout < TimeSpan.Zero)
        {
            errors.Add($"{JobsOptions.Section}:DrainTimeout must not be negative");
        }

        if (options.QueueFullRetryAfter <= TimeSpan.Zero)
        {
            errors.Add($"{JobsOptions.Section}:QueueFullRetryAfter must be positive");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
