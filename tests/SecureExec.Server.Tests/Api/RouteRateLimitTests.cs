using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using SecureExec.Server.Api;
using SecureExec.Server.Cli;
using SecureExec.Server.Tests.Jobs;

namespace SecureExec.Server.Tests.Api;

/// <summary>Which named policy each API route spends, and that the real <c>POST /execute</c> is refused over its limit.</summary>
public sealed class RouteRateLimitTests
{
    public static TheoryData<string, string> Routes => new()
    {
        { "Execute", RateLimitPolicies.PerUser },
        { "CancelJob", RateLimitPolicies.PerUser },
        { "ListJobs", RateLimitPolicies.PerUserRead },
        { "GetJob", RateLimitPolicies.PerUserRead },
        { "GetJobOutput", RateLimitPolicies.PerUserRead },
        { "ListCommands", RateLimitPolicies.PerUserRead },
        { "GetCommand", RateLimitPolicies.PerUserRead },
        { "ListAuditLog", RateLimitPolicies.PerUserRead },
        { "VerifyAuditLog", RateLimitPolicies.PerUserRead },
        { "ExportAuditLog", RateLimitPolicies.PerUserRead },
        { "ListUsers", RateLimitPolicies.PerUserRead },
        { "CreateUser", RateLimitPolicies.PerUserRead },
        { "SetUserRoles", RateLimitPolicies.PerUserRead },
        { "RemoveClient", RateLimitPolicies.PerUserRead },
        { "GetCurrentCaller", RateLimitPolicies.PerUserRead },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_SpendsItsPolicy(string name, string policy)
    {
        // The routes as serve maps them; nothing needs to listen to read their metadata.
        await using var app = ServeCommand.BuildApp(ServerTestSupport.ServeArguments());
        var endpoint = ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints)
            .Single(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == name);

        Assert.Equal(policy, endpoint.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName);
    }

    [Fact]
    public async Task Execute_OverThePerUserLimit_Is429RateLimitedWithRetryAfter()
    {
        await using var server = await RunningServer.StartAsync(
            "--SecureExec:RateLimits:PerUser:PermitLimit=1", "--SecureExec:RateLimits:PerUser:Window=01:00:00");
        using var client = server.Client(await server.TokenForNewUserAsync("vera", "viewer"));

        // Any answer spends the permit; an unknown template answers without running anything.
        using var first = await client.ExecuteAsync("no_such_template");
        using var second = await client.ExecuteAsync("no_such_template");
        var problem = await second.JsonAsync();

        Assert.Equal(HttpStatusCode.Forbidden, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(ProblemTypes.RateLimited, problem.GetProperty("type").GetString());
        Assert.InRange(long.Parse(second.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture), 1, 3600);
    }
}
