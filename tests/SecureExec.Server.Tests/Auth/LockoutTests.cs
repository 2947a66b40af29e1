using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SecureExec.Core.Audit;

namespace SecureExec.Server.Tests.Auth;

/// <summary>Failed logins per name and per address, lockout with <c>Retry-After</c>, and its end, on virtual time.</summary>
public sealed class LockoutTests
{
    private static async Task<(RunningServer Server, FakeTimeProvider Clock)> StartAsync(params string[] overrides)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var server = await RunningServer.StartAsync(s => s.AddSingleton<TimeProvider>(clock), overrides);
        await server.CreateUserAsync("alice", AuthTestSupport.Password, "operator");
        return (server, clock);
    }

    [Fact]
    public async Task RepeatedFailures_LockTheAccount_EvenForTheRightPassword_UntilTheLockEnds()
    {
        var (server, clock) = await StartAsync();
        await using var _ = server;
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("invalid_grant", (await server.LoginAsync("alice", "wrong")).Error);
        }

        var locked = await server.LoginAsync("alice");
        clock.Advance(TimeSpan.FromMinutes(15));
        var after = await server.LoginAsync("alice");

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.Status);
        Assert.Equal("invalid_grant", locked.Error);
        Assert.Equal(TimeSpan.FromMinutes(15), locked.Headers.RetryAfter?.Delta);
        Assert.True(locked.Headers.CacheControl?.NoStore);
        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.Equal(5, (await server.AuditAsync(AuditActions.LoginFailed)).Count(e => e.Outcome == AuditOutcomes.Failure));
        Assert.Single(await server.AuditAsync(AuditActions.Locked));
        Assert.Single(await server.AuditAsync(AuditActions.LoginSucceeded));
    }

    [Fact]
    public async Task FailuresOutsideTheWindow_DoNotAddUp()
    {
        var (server, clock) = await StartAsync();
        await using var _ = server;
        for (var i = 0; i < 4; i++)
        {
            await server.LoginAsync("alice", "wrong");
        }

        clock.Advance(TimeSpan.FromMinutes(16));
        await server.LoginAsync("alice", "wrong");

        Assert.Equal(HttpStatusCode.OK, (await server.LoginAsync("alice")).Status);
    }

    [Fact]
    public async Task ASuccessfulLogin_ClearsTheAccountsFailures()
    {
        var (server, _) = await StartAsync();
        await using var __ = server;
        for (var i = 0; i < 4; i++)
        {
            await server.LoginAsync("alice", "wrong");
        }

        Assert.Equal(HttpStatusCode.OK, (await server.LoginAsync("alice")).Status);
        for (var i = 0; i < 4; i++)
        {
            await server.LoginAsync("alice", "wrong");
        }

        Assert.Equal(HttpStatusCode.OK, (await server.LoginAsync("alice")).Status);
    }

    [Fact]
    public async Task UnknownNames_AreLockedLikeRealOnes_SoLockoutTellsNothing()
    {
        var (server, _) = await StartAsync();
        await using var __ = server;
        for (var i = 0; i < 5; i++)
        {
            await server.LoginAsync("nobody-here", "wrong");
        }

        var answer = await server.LoginAsync("nobody-here", "wrong");

        Assert.Equal(HttpStatusCode.TooManyRequests, answer.Status);
    }

    [Fact]
    public async Task ManyNamesFromOneAddress_LockTheAddress()
    {
        var (server, clock) = await StartAsync("--SecureExec:Auth:Lockout:MaxFailuresPerAddress=6");
        await using var _ = server;
        for (var i = 0; i < 6; i++)
        {
            await server.LoginAsync($"guess-{i}", "wrong");
        }

        var locked = await server.LoginAsync("alice");
        clock.Advance(TimeSpan.FromMinutes(15));

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.Status);
        Assert.Equal(HttpStatusCode.OK, (await server.LoginAsync("alice")).Status);
        Assert.Contains(await server.AuditAsync(AuditActions.Locked), e => e.Details["kind"] == "address");
    }

    [Fact]
    public async Task ParallelGuesses_CannotOvershootTheLimit()
    {
        var (server, _) = await StartAsync();
        await using var __ = server;

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => server.LoginAsync("alice", "wrong")));

        Assert.Equal(5, answers.Count(a => a.Status == HttpStatusCode.BadRequest));
        Assert.Equal(7, answers.Count(a => a.Status == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task FailedLogin_IsAuditedWithTheNameEncoded_AndNeverThePassword()
    {
        var (server, _) = await StartAsync();
        await using var __ = server;

        await server.LoginAsync("mallory\nFAKE audit line", "hunter2-secret");

        var entry = Assert.Single(await server.AuditAsync(AuditActions.LoginFailed));
        Assert.DoesNotContain("\n", entry.Details["user"]);
        Assert.DoesNotContain(entry.Details.Values, v => v.Contains("hunter2", StringComparison.Ordinal));
    }
}
