using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using SecureExec.Server.Api;

namespace SecureExec.Server.Tests.Api;

/// <summary>
/// The named policies over real HTTP, with limits that cannot refill during a test (two requests an hour), so no
/// assertion depends on timing.
/// </summary>
public sealed class RateLimitTests
{
    private static readonly string[] TwoAnHour =
    [
        "--SecureExec:RateLimits:PerUser:PermitLimit=2", "--SecureExec:RateLimits:PerUser:Window=01:00:00",
        "--SecureExec:RateLimits:PerAddress:PermitLimit=2", "--SecureExec:RateLimits:PerAddress:Window=01:00:00",
    ];

    private static void MapLimited(WebApplication app)
    {
        app.MapGet("/test/run", () => "ran").RequireRateLimiting(RateLimitPolicies.PerUser);
        app.MapGet("/test/token", () => "token").RequireRateLimiting(RateLimitPolicies.PerAddress);
        app.MapGet("/test/read", () => "read").RequireRateLimiting(RateLimitPolicies.PerUserRead);
    }

    [Theory]
    [InlineData("/test/run", RateLimitPolicies.PerUser)]
    [InlineData("/test/token", RateLimitPolicies.PerAddress)]
    public async Task RequestOverTheLimit_Is429ProblemWithRetryAfter_AndCounted(string path, string policy)
    {
        await using var server = await ArrangedServer.StartAsync(MapLimited, TwoAnHour);

        for (var i = 0; i < 2; i++)
        {
            using var allowed = await server.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var rejected = await server.Client.GetAsync(path);
        var body = await rejected.JsonAsync();
        using var metrics = await server.Client.GetAsync("/metrics");
        var scrape = await metrics.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.Equal(ProblemTypes.RateLimited, body.GetProperty("type").GetString());
        Assert.True(body.TryGetProperty("trace_id", out _));
        Assert.InRange(long.Parse(rejected.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 3600);
        Assert.Contains($"secureexec_rate_limit_rejections_total{{otel_scope_name=\"SecureExec\",policy=\"{policy}\"}} 1", scrape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PerUser_GivesEachTokenSubjectItsOwnBucket_ApartFromAnonymousCallers()
    {
        await using var server = await ArrangedServer.StartAsync(MapLimited, TwoAnHour);
        var alice = await server.TokenForNewUserAsync("alice", "operator");
        var bob = await server.TokenForNewUserAsync("bob", "operator");

        int[] twoThenRefused = [200, 200, 429];

        Assert.Equal(twoThenRefused, await StatusesAsync(server, alice, 3));
        Assert.Equal(twoThenRefused, await StatusesAsync(server, bob, 3));
        Assert.Equal(twoThenRefused, await StatusesAsync(server, null, 3));
    }

    [Fact]
    public async Task UnconfiguredPolicy_UsesItsDefault()
    {
        await using var server = await ArrangedServer.StartAsync(MapLimited, TwoAnHour);

        Assert.All(await StatusesAsync(server, null, 5, "/test/read"), status => Assert.Equal(200, status));
    }

    private static async Task<int[]> StatusesAsync(ArrangedServer server, string? token, int count, string path = "/test/run")
    {
        var statuses = new int[count];
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await server.Client.SendAsync(request);
            statuses[i] = (int)response.StatusCode;
        }

        return statuses;
    }
}
