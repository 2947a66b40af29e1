using System.Globalization;
using SecureExec.Server.Cli;

namespace SecureExec.Server.Api;

/// <summary>
/// One policy's limit: a bucket of <see cref="PermitLimit"/> requests, refilled evenly over <see cref="Window"/>
/// (so 60 a minute allows a burst of 60, then one a second).
/// </summary>
internal sealed record RateLimit(int PermitLimit, TimeSpan Window)
{
    public TimeSpan RefillPeriod => Window / PermitLimit;
}

/// <summary>
/// <c>SecureExec:RateLimits:{PerUser|PerUserRead|PerAddress}:{PermitLimit|Window}</c>. Read without throwing: each
/// bad value is a start-up problem (all reported at once) and the default stands in until the server refuses to start.
/// </summary>
internal sealed class RateLimitOptions : IStartupCheck
{
    public const string Section = "SecureExec:RateLimits";

    public static readonly IReadOnlyDictionary<string, (string Key, RateLimit Default)> Policies = new Dictionary<string, (string, RateLimit)>
    {
        [RateLimitPolicies.PerUser] = ("PerUser", new RateLimit(60, TimeSpan.FromMinutes(1))),
        [RateLimitPolicies.PerUserRead] = ("PerUserRead", new RateLimit(600, TimeSpan.FromMinutes(1))),
        [RateLimitPolicies.PerAddress] = ("PerAddress", new RateLimit(30, TimeSpan.FromMinutes(1))),
    };

    private readonly List<string> _problems = [];

    private RateLimitOptions(IReadOnlyDictionary<string, RateLimit> limits) => Limits = limits;

    /// <summary>The limit of each policy, by policy name.</summary>
    public IReadOnlyDictionary<string, RateLimit> Limits { get; }

    public IEnumerable<string> Problems() => _problems;

    public static RateLimitOptions Read(IConfiguration configuration)
    {
        var problems = new List<string>();
        var limits = new Dictionary<string, RateLimit>();
        foreach (var (policy, (key, fallback)) in Policies)
        {
            var section = configuration.GetSection($"{Section}:{key}");
            var permits = ReadPositive(section, "PermitLimit", fallback.PermitLimit, int.TryParse, problems, "a whole number");
            var window = ReadPositive(section, "Window", fallback.Window, TimeSpan.TryParse, problems, "a time span such as 00:01:00");
            limits[policy] = new RateLimit(permits, window);
        }

        var options = new RateLimitOptions(limits);
        options._problems.AddRange(problems);
        return options;
    }

    private delegate bool Parser<T>(string text, IFormatProvider provider, out T value);

    private static T ReadPositive<T>(IConfigurationSection section, string name, T fallback, Parser<T> parse, List<string> problems, string expected)
        where T : IComparable<T>
    {
        var text = section[name];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (parse(text, CultureInfo.InvariantCulture, out var value) && value.CompareTo(default!) > 0)
        {
            return value;
        }

        problems.Add($"{section.Path}:{name}: '{text}' is not {expected} greater than zero.");
        return fallback;
    }
}
