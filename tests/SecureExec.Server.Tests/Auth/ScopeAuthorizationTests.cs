using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SecureExec.Core.Audit;
using SecureExec.Core.Authorization;
using SecureExec.Server.Auth;

namespace SecureExec.Server.Tests.Auth;

public sealed class ScopeAuthorizationTests
{
    private static void MapProbes(WebApplication app)
    {
        app.MapGet("/probe/audit", () => "ok").RequireScope(ReservedScopes.AuditRead);
        var group = app.MapGroup("/probe/admin").RequireScope(ReservedScopes.Admin);
        group.MapGet("/", (HttpContext context) => string.Join(' ', context.User.Scopes().Order(StringComparer.Ordinal)));
    }

    [Theory]
    [InlineData("auditor", "/probe/audit", HttpStatusCode.OK)]
    [InlineData("admin", "/probe/audit", HttpStatusCode.OK)]
    [InlineData("operator", "/probe/audit", HttpStatusCode.Forbidden)]
    [InlineData("admin", "/probe/admin/", HttpStatusCode.OK)]
    [InlineData("auditor", "/probe/admin/", HttpStatusCode.Forbidden)]
    [InlineData("viewer", "/probe/admin/", HttpStatusCode.Forbidden)]
    public async Task RequireScope_AdmitsOnlyTokensHoldingTheScope(string role, string path, HttpStatusCode expected)
    {
        await using var server = await RunningServer.StartAsync(null, MapProbes);
        var token = (await server.NewUserLoginAsync("someone", role)).AccessToken;
        using var client = server.Client(token);

        using var response = await client.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Contains("error=\"insufficient_scope\"", response.Headers.WwwAuthenticate.ToString());
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.NotEmpty(await server.AuditAsync(AuditActions.Denied));
        }
    }

    [Fact]
    public async Task RequireScope_WithoutAToken_Is401InvalidToken()
    {
        await using var server = await RunningServer.StartAsync(null, MapProbes);
        using var client = server.Client();

        using var response = await client.GetAsync("/probe/audit");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task RemovedRole_TakesTheScopeAwayOnTheNextRequest()
    {
        await using var server = await RunningServer.StartAsync(null, MapProbes);
        var token = (await server.NewUserLoginAsync("boss", "admin")).AccessToken;
        using var client = server.Client(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/probe/admin/")).StatusCode);

        await server.ChangeUserAsync("boss", u => u.Roles = ["operator"]);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/probe/admin/")).StatusCode);
    }
}

public sealed class TokenRejectedAuditTests
{
    [Fact]
    public async Task AFloodOfForgedTokens_WritesOneEntryPerAddressPerMinute_WithTheCount()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await RunningServer.StartAsync(s => s.AddSingleton<TimeProvider>(clock));
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await server.MeAsync($"forged.{i}.token")).Status);
        }

        var duringFlood = await server.AuditAsync(AuditActions.TokenRejected);
        clock.Advance(TimeSpan.FromMinutes(1));
        await server.MeAsync("forged.again.token");
        var afterAMinute = await server.AuditAsync(AuditActions.TokenRejected);

        Assert.Single(duringFlood);
        Assert.Equal(2, afterAMinute.Count);
        Assert.Equal("29", afterAMinute[1].Details["left_out_since_previous_entry"]);
    }
}
