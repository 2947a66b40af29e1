using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SecureExec.Core.Audit;

namespace SecureExec.Server.Tests.Auth;

public sealed class RefreshTokenTests
{
    [Fact]
    public async Task Refresh_RotatesTheRefreshToken_AndTheOldOneIsRefused()
    {
        await using var server = await RunningServer.StartAsync();
        var login = await server.NewUserLoginAsync("alice", "operator");

        var refreshed = await server.RefreshAsync(login.RefreshToken);

        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.NotEqual(login.RefreshToken, refreshed.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, (await server.MeAsync(refreshed.AccessToken)).Status);
        Assert.Equal("invalid_grant", (await server.RefreshAsync(login.RefreshToken)).Error);
        Assert.Contains(await server.AuditAsync(AuditActions.TokenRefreshed), e => e.Outcome == AuditOutcomes.Success);
    }

    [Fact]
    public async Task ReplayedRefreshToken_RevokesTheWholeFamily()
    {
        await using var server = await RunningServer.StartAsync();
        var login = await server.NewUserLoginAsync("alice", "operator");
        var newer = await server.RefreshAsync(login.RefreshToken);

        var replay = await server.RefreshAsync(login.RefreshToken);

        Assert.Equal("invalid_grant", replay.Error);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.MeAsync(newer.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.MeAsync(login.AccessToken)).Status);
        Assert.Equal("invalid_grant", (await server.RefreshAsync(newer.RefreshToken)).Error);
        Assert.NotEmpty(await server.AuditAsync(AuditActions.RefreshReuse));
    }

    [Fact]
    public async Task ConcurrentRefreshesWithOneToken_YieldExactlyOneSuccess()
    {
        await using var server = await RunningServer.StartAsync();
        var login = await server.NewUserLoginAsync("alice", "operator");

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => server.RefreshAsync(login.RefreshToken)));

        Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.OK), a => Assert.Equal("invalid_grant", a.Error));
    }

    [Fact]
    public async Task RefreshToken_HasAnAbsoluteLifetime_ThatRotationDoesNotExtend()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await RunningServer.StartAsync(s => s.AddSingleton<TimeProvider>(clock), "--SecureExec:Auth:RefreshTokenLifetime=01:00:00");
        var login = await server.NewUserLoginAsync("alice", "operator");

        clock.Advance(TimeSpan.FromMinutes(50));
        var rotated = await server.RefreshAsync(login.RefreshToken);
        clock.Advance(TimeSpan.FromMinutes(11));
        var late = await server.RefreshAsync(rotated.RefreshToken);

        Assert.Equal(HttpStatusCode.OK, rotated.Status);
        Assert.Equal("invalid_grant", late.Error);
    }

    [Fact]
    public async Task AccessToken_ExpiresOnTheServersClock_AndTheChallengeSaysSo()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await RunningServer.StartAsync(s => s.AddSingleton<TimeProvider>(clock));
        var login = await server.NewUserLoginAsync("alice", "operator");

        clock.Advance(TimeSpan.FromMinutes(14));
        var before = await server.MeAsync(login.AccessToken);
        clock.Advance(TimeSpan.FromMinutes(2));
        var after = await server.MeAsync(login.AccessToken);
        var refreshed = await server.RefreshAsync(login.RefreshToken);

        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, after.Status);
        Assert.Contains("error=\"invalid_token\"", after.Challenge);
        Assert.Contains("expired", after.Challenge, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await server.AuditAsync(AuditActions.TokenRejected));
        Assert.Equal(HttpStatusCode.OK, (await server.MeAsync(refreshed.AccessToken)).Status);
    }

    [Fact]
    public async Task Refresh_ForADisabledUser_IsInvalidGrant()
    {
        await using var server = await RunningServer.StartAsync();
        var login = await server.NewUserLoginAsync("alice", "operator");
        await server.ChangeUserAsync("alice", u => u.Disabled = true);

        Assert.Equal("invalid_grant", (await server.RefreshAsync(login.RefreshToken)).Error);
    }

    [Fact]
    public async Task Refresh_AfterThePasswordChanged_IsInvalidGrant()
    {
        await using var server = await RunningServer.StartAsync();
        var login = await server.NewUserLoginAsync("alice", "operator");
        await server.ChangeUserAsync("alice", u => u.SecurityStamp = Guid.NewGuid().ToString("N"));

        Assert.Equal("invalid_grant", (await server.RefreshAsync(login.RefreshToken)).Error);
    }

    [Fact]
    public async Task Refresh_AfterARoleWasRemoved_NarrowsTheScopes()
    {
        await using var server = await RunningServer.StartAsync();
        var login = await server.NewUserLoginAsync("alice", "operator");
        await server.ChangeUserAsync("alice", u => u.Roles = ["viewer"]);

        var refreshed = await server.RefreshAsync(login.RefreshToken);

        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.Equal(["system:read"], (await server.MeAsync(refreshed.AccessToken)).Body.Scopes());
    }

    [Fact]
    public async Task Refresh_WithANarrowerScope_GetsOnlyThatScope()
    {
        await using var server = await RunningServer.StartAsync();
        var login = await server.NewUserLoginAsync("alice", "operator");

        var refreshed = await server.PostTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = login.RefreshToken,
            ["scope"] = "file:read",
        });

        Assert.Equal(["file:read"], (await server.MeAsync(refreshed.AccessToken)).Body.Scopes());
    }
}
