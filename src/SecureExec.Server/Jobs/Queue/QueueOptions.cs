using Microsoft.Extensions.Options;

namespace SecureExec.Server.Jobs.Queue;

/// <summary>Which queue carries job ids to the workers: <c>SecureExec:Queue:*</c>.</summary>
public sealed class QueueOptions
{
    public const string Section = "SecureExec:Queue";
    public const string InProcessProvider = "inprocess";
    public const string RedisProvider = "redis";

    /// <summary><c>inprocess</c> (one process, the default) or <c>redis</c> (Redis Streams, shared by every process).</summary>
    public string Provider { get; set; } = InProcessProvider;

    public RedisQueueOptions Redis { get; set; } = new();

    internal bool UsesRedis => string.Equals(Provider, RedisProvider, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The Redis Streams queue: <c>SecureExec:Queue:Redis:*</c>.</summary>
public sealed class RedisQueueOptions
{
    /// <summary>A StackExchange.Redis configuration string (<c>host:port,password=…,ssl=true</c>); required for the redis provider.</summary>
    public string? Configuration { get; set; }

    /// <summary>The stream's key.</summary>
    public string Stream { get; set; } = "secureexec:jobs";

    /// <summary>The consumer group every worker of the deployment reads in.</summary>
    public string Group { get; set; } = "secureexec-workers";

    /// <summary>
    /// An entry idle this long is taken to belong to a dead worker and is reclaimed. A live worker refreshes its
    /// entries every third of this, so a long job is never mistaken for a lost one.
    /// </summary>
    public TimeSpan ReclaimAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often each process compares queued jobs with the stream and re-publishes the missing ones.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A queued job younger than this is not re-published (its own publish may still be on its way).</summary>
    public TimeSpan ReconcileGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an idle worker asks the stream for work published by other processes.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A running job's live output stream (key <c>{Stream}:events:{job id}</c>) keeps about this many chunks; older ones are trimmed.</summary>
    public int EventsMaxEntries { get; set; } = 10_000;

    /// <summary>How long a job's live output stream stays in Redis after its last event (the job's end, or a quiet spell).</summary>
    public TimeSpan EventsExpireAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often a worker checks the database for cancels of its running jobs that it was not told about.</summary>
    public TimeSpan CancelCheckInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Refuses to start with queue settings that cannot work, naming every one at once.</summary>
internal sealed class QueueOptionsValidator : IValidateOptions<QueueOptions>
{
    private const string RedisSection = QueueOptions.Section + ":Redis";

    public ValidateOptionsResult Validate(string? name, QueueOptions options)
    {
        var errors = new List<string>();
        if (!string.Equals(options.Provider, QueueOptions.InProcessProvider, StringComparison.OrdinalIgnoreCase) && !options.UsesRedis)
        {
            errors.Add($"{QueueOptions.Section}:Provider must be '{QueueOptions.InProcessProvider}' or '{QueueOptions.RedisProvider}' (is '{options.Provider}')");
        }

        if (options.UsesRedis)
        {
            var redis = options.Redis;
            if (string.IsNullOrWhiteSpace(redis.Configuration))
            {
                errors.Add($"{RedisSection}:Configuration is required when {QueueOptions.Section}:Provider is '{QueueOptions.RedisProvider}' (a StackExchange.Redis configuration string such as 'localhost:6379')");
            }
            else if (!Parses(redis.Configuration))
            {
                errors.Add($"{RedisSection}:Configuration is not a valid StackExchange.Redis configuration string");
            }

            if (string.IsNullOrWhiteSpace(redis.Stream))
            {
                errors.Add($"{RedisSection}:Stream must not be empty");
            }

            if (string.IsNullOrWhiteSpace(redis.Group))
            {
                errors.Add($"{RedisSection}:Group must not be empty");
            }

            Positive(errors, redis.ReclaimAfter, nameof(redis.ReclaimAfter));
            Positive(errors, redis.ReconcileInterval, nameof(redis.ReconcileInterval));
            Positive(errors, redis.PollInterval, nameof(redis.PollInterval));
            Positive(errors, redis.EventsExpireAfter, nameof(redis.EventsExpireAfter));
            Positive(errors, redis.CancelCheckInterval, nameof(redis.CancelCheckInterval));
            if (redis.EventsMaxEntries < 1)
            {
                errors.Add($"{RedisSection}:EventsMaxEntries must be at least 1 (is {redis.EventsMaxEntries})");
            }
            if (redis.ReconcileGrace < TimeSpan.Zero)
            {
                errors.Add($"{RedisSection}:ReconcileGrace must not be negative");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Positive(List<string> errors, TimeSpan value, string key)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{RedisSection}:{key} must be positive");
        }
    }

    private static bool Parses(string configuration)
    {
        try
        {
            StackExchange.Redis.ConfigurationOptions.Parse(configuration);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
