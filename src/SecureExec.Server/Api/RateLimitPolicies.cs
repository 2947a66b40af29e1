namespace SecureExec.Server.Api;

/// <summary>
/// Named rate-limit policies features attach to their route groups with <c>.RequireRateLimiting(...)</c>.
/// A rejection is 429 problem details with <c>Retry-After</c>, counted in <c>secureexec.rate_limit.rejections</c>.
/// </summary>
public static class RateLimitPolicies
{
    /// <summary>Running things (<c>POST /execute</c>): per token subject, else per address. Default 60 a minute.</summary>
    public const string PerUser = "per-user";

    /// <summary>Reading things (jobs, output, audit, templates): per token subject, else per address. Default 600 a minute.</summary>
    public const string PerUserRead = "per-user-read";

    /// <summary>The token endpoint and anything before authentication: per client address. Default 30 a minute.</summary>
    public const string PerAddress = "per-address";

    /// <summary>
    /// The web console's pages: page views within <see cref="PerUserRead"/>'s limit, form posts (running, cancelling,
    /// administration) within <see cref="PerUser"/>'s, per user once logged in, else per address.
    /// </summary>
    public const string ConsolePages = "console-pages";
}
