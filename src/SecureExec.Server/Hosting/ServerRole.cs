using SecureExec.Server.Cli;
using SecureExec.Server.Jobs.Queue;

namespace SecureExec.Server.Hosting;

/// <summary>
/// <c>SecureExec:Role</c>: what this instance does. <c>all</c> (the default) serves the API and runs job workers;
/// <c>api</c> serves the API (and the console) and runs no workers; <c>worker</c> runs workers and serves only
/// <c>/health/*</c> and <c>/metrics</c>. Split roles need the Redis queue: nothing else connects an API instance
/// to a worker instance. Read without throwing: a bad value is a start-up problem.
/// </summary>
internal sealed class ServerRole : IStartupCheck
{
    public const string Key = "SecureExec:Role";
    public const string All = "all";
    public const string Api = "api";
    public const string Worker = "worker";

    private readonly List<string> _problems = [];

    private ServerRole(string name) => Name = name;

    /// <summary><c>all</c>, <c>api</c> or <c>worker</c>.</summary>
    public string Name { get; }

    /// <summary>This instance answers the API, the console and the token endpoint.</summary>
    public bool ServesApi => Name is All or Api;

    /// <summary>This instance takes jobs from the queue and runs them.</summary>
    public bool RunsWorkers => Name is All or Worker;

    IEnumerable<string> IStartupCheck.Problems() => _problems;

    public static ServerRole Read(IConfiguration configuration)
    {
        var text = configuration[Key];
        var name = string.IsNullOrWhiteSpace(text) ? All : text.Trim().ToLowerInvariant();
        var problems = new List<string>();
        if (name is not (All or Api or Worker))
        {
            problems.Add($"{Key}: '{text}' is not a role; use '{All}' (the default), '{Api}' or '{Worker}'");
            name = All;
        }
        else if (name != All && !(configuration.GetSection(QueueOptions.Section).Get<QueueOptions>() ?? new QueueOptions()).UsesRedis)
        {
            problems.Add($"{Key}: '{name}' needs {QueueOptions.Section}:Provider={QueueOptions.RedisProvider}: with the in-process queue no "
                + $"{(name == Api ? "worker would run this instance's jobs" : "API instance could give this worker jobs")}. "
                + $"Use {Key}={All} for a single instance, or the Redis queue and a shared database for several");
        }

        var role = new ServerRole(name);
        role._problems.AddRange(problems);
        return role;
    }
}
