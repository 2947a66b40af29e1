using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using SecureExec.Server.Cli;
using SecureExec.Server.Observability;

namespace SecureExec.Server.Api;

public static class RateLimitSetup
{
    /// <summary>
    /// The named policies of <see cref="RateLimitPolicies"/> as token buckets (ASP.NET Core's rate limiter; it keeps
    /// its own clock, so tests use limits that cannot refill during the test rather than a fake clock).
    /// </summary>
    public static IServiceCollection AddServerRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = RateLimitOptions.Read(configuration);
        services.AddSingleton<IStartupCheck>(options);
        services.AddRateLimiter(limiter =>
        {
            foreach (var (policy, limit) in options.Limits)
            {
                Func<HttpContext, string> partitionKey = policy == RateLimitPolicies.PerAddress ? AddressKey : UserKey;
                limiter.AddPolicy(policy, context => RateLimitPartition.GetTokenBucketLimiter(partitionKey(context), _ => Bucket(limit)));
            }

            var read = options.Limits[RateLimitPolicies.PerUserRead];
            var write = options.Limits[RateLimitPolicies.PerUser];
            limiter.AddPolicy(RateLimitPolicies.ConsolePages, context => HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                ? RateLimitPartition.GetTokenBucketLimiter("read:" + UserKey(context), _ => Bucket(read))
                : RateLimitPartition.GetTokenBucketLimiter("write:" + UserKey(context), _ => Bucket(write)));

            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) => RejectAsync(context, options);
        });
        return services;
    }

    /// <summary>Applies the policies. Goes after authentication, so "per-user" sees the token's subject.</summary>
    public static IApplicationBuilder UseServerRateLimits(this IApplicationBuilder app) => app.UseRateLimiter();

    internal static string UserKey(HttpContext context)
    {
        var subject = context.User.Identity?.IsAuthenticated == true
            ? context.User.FindFirst("sub")?.Value ?? context.User.FindFirst(ClaimTypes.NameIdentifier)?.Value
            : null;
        return subject is null ? AddressKey(context) : "sub:" + subject;
    }

    internal static string AddressKey(HttpContext context) => "ip:" + (context.Connection.RemoteIpAddress is { } address ? Normalize(address) : "unknown");

    private static string Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4().ToString() : address.ToString();

    private static TokenBucketRateLimiterOptions Bucket(RateLimit limit) => new()
    {
        TokenLimit = limit.PermitLimit,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = limit.RefillPeriod,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static async ValueTask RejectAsync(OnRejectedContext context, RateLimitOptions options)
    {
        var http = context.HttpContext;
        var policy = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName ?? "unknown";
        http.RequestServices.GetRequiredService<ServerMetrics>().RateLimited(policy);
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? wait
            : options.Limits.GetValueOrDefault(policy)?.RefillPeriod ?? TimeSpan.FromSeconds(1);
        await Problems.TooManyRequests(retryAfter).ExecuteAsync(http);
    }
}
