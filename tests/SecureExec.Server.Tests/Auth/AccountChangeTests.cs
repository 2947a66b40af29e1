using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SecureExec.Server.Auth;

namespace SecureExec.Server.Tests.Auth;

/// <summary>Changes to an account count from its next request, not from its token's expiry.</summary>
public sealed class AccountChangeTests
{
    [Theory]
    [InlineData("disabled")]
    [InlineData("deleted")]
    [InlineData("password changed (new security stamp)")]
    public async Task ChangedAccount_IsRefusedOnTheNextRequest(string change)
    {
        await using var server = await RunningServer.StartAsync();
        var login = await server.NewUserLoginAsync("alice", "operator");
        Assert.Equal(HttpStatusCode.OK, (await server.MeAsync(login.AccessToken)).Status);

        switch (change)
        {
            case "disabled": await server.ChangeUserAsync("alice", u => u.Disabled = true); break;
            case "deleted": await server.DeleteUserAsync("alice"); break;
            default: await server.ChangeUserAsync("alice", u => u.SecurityStamp = Guid.NewGuid().ToString("N")); break;
        }

        var me = await server.MeAsync(login.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, me.Status);
        Assert.Contains("error=\"invalid_token\"", me.Challenge);
    }

    [Fact]
    public async Task RemovedRole_NarrowsTheScopesOnTheNextRequest()
    {
        await using var server = await RunningServer.StartAsync();
        var login = await server.NewUserLoginAsync("alice", "operator");
        Assert.Equal(["file:read", "logs:read", "system:read"], (await server.MeAsync(login.AccessToken)).Body.Scopes());

        await server.ChangeUserAsync("alice", u => u.Roles = ["viewer"]);

        Assert.Equal(["system:read"], (await server.MeAsync(login.AccessToken)).Body.Scopes());
    }

    [Fact]
    public async Task AddedRole_DoesNotWidenAnIssuedToken()
    {
        await using var server = await RunningServer.StartAsync();
        var login = await server.NewUserLoginAsync("alice", "viewer");

        await server.ChangeUserAsync("alice", u => u.Roles = ["viewer", "auditor"]);

        Assert.Equal(["system:read"], (await server.MeAsync(login.AccessToken)).Body.Scopes());
    }

    [Fact]
    public async Task DisabledServiceAccount_IsRefusedOnTheNextRequest()
    {
        await using var server = await RunningServer.StartAsync();
        await server.CreateServiceClientAsync("agent", "agent-secret", ["viewer"]);
        var token = (await server.ClientCredentialsAsync("agent", "agent-secret")).AccessToken;

        await server.ChangeServiceAccountAsync("agent", a => a.Disabled = true);

        Assert.Equal(HttpStatusCode.Unauthorized, (await server.MeAsync(token)).Status);
    }

    [Fact]
    public async Task WithACacheConfigured_ACachedAccountIsUsedUntilItExpiresOrIsInvalidated()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await RunningServer.StartAsync(s => s.AddSingleton<TimeProvider>(clock), "--SecureExec:Auth:AccountCacheDuration=00:00:02");
        var first = await server.NewUserLoginAsync("alice", "operator");
        var second = await server.LoginAsync("alice");
        var subject = (await server.MeAsync(first.AccessToken)).Body.GetProperty("subject").GetString()!;

        await server.ChangeUserAsync("alice", u => u.Disabled = true);
        var cached = await server.MeAsync(first.AccessToken);
        clock.Advance(TimeSpan.FromSeconds(2));
        var expired = await server.MeAsync(first.AccessToken);

        Assert.Equal(HttpStatusCode.OK, cached.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.Status);

        await server.ChangeUserAsync("alice", u => u.Disabled = false);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.MeAsync(second.AccessToken)).Status);
        server.App.Services.GetRequiredService<AccountCache>().Invalidate(subject);
        Assert.Equal(HttpStatusCode.OK, (await server.MeAsync(second.AccessToken)).Status);
    }
}
