using System.Security.Claims;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using SecureExec.Server.Auth;
using SecureExec.Server.Console;
using SecureExec.Server.Storage;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SecureExec.Server.Streaming;

/// <summary>
/// Ends an open stream when it may no longer stay open: its token expires (at its <c>exp</c>; a console session at its
/// absolute end), its token is revoked or its console session ended
/// or its account changed (checked every <see cref="StreamingOptions.RecheckInterval"/>), the maximum connection
/// time passes, or (for a WebSocket) the client stays idle too long. <see cref="Reason"/> says which.
/// </summary>
internal sealed class StreamGuard : IAsyncDisposable
{
    private readonly CancellationTokenSource _closed;
    private readonly IServiceScopeFactory _scopes;
    private readonly StreamingOptions _options;
    private readonly TimeProvider _time;
    private readonly ClaimsPrincipal _user;
    private readonly DateTimeOffset _deadline;
    private readonly Task _watch;
    private long _lastActivityTicks;
    private int _stopped;

    public StreamGuard(ClaimsPrincipal user, bool idleApplies, IServiceScopeFactory scopes, IOptions<StreamingOptions> options, TimeProvider time, CancellationToken aborted)
    {
        _closed = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        _scopes = scopes;
        _options = options.Value;
        _time = time;
        _user = user;
        var now = time.GetUtcNow();
        _lastActivityTicks = now.UtcTicks;
        var expires = user.GetExpirationDate() ?? ConsoleStreamSession.EndsAt(user) ?? now;
        _deadline = Min(expires, now + _options.MaxConnectionTime);
        IdleApplies = idleApplies;
        _watch = WatchAsync();
    }

    /// <summary>Cancelled when the stream must close (or the client went away).</summary>
    public CancellationToken Closing => _closed.Token;

    /// <summary>Why the server closed the stream: token_expired, token_revoked, session_expired, session_ended, max_connection_time or idle_timeout.</summary>
    public string? Reason { get; private set; }

    private bool IdleApplies { get; }

    /// <summary>The client sent something.</summary>
    public void Touch() => Interlocked.Exchange(ref _lastActivityTicks, _time.GetUtcNow().UtcTicks);

    private async Task WatchAsync()
    {
        var nextCheck = _time.GetUtcNow() + _options.RecheckInterval;
        try
        {
            while (!_closed.IsCancellationRequested)
            {
                var now = _time.GetUtcNow();
                var idleAt = new DateTimeOffset(Interlocked.Read(ref _lastActivityTicks), TimeSpan.Zero) + _options.IdleTimeout;
                var wakeAt = Min(Min(_deadline, nextCheck), IdleApplies ? idleAt : DateTimeOffset.MaxValue);
                if (wakeAt > now)
                {
                    await Task.Delay(wakeAt - now, _time, _closed.Token);
                    continue;
                }

                if (now >= _deadline)
                {
                    Close(_user.GetExpirationDate() is { } exp && exp <= now ? "token_expired"
                        : ConsoleStreamSession.EndsAt(_user) is { } ends && ends <= now ? "session_expired" : "max_connection_time");
                }
                else if (IdleApplies && now >= idleAt)
                {
                    Close("idle_timeout");
                }
                else
                {
                    nextCheck = now + _options.RecheckInterval;
                    if (!await StillValidAsync())
                    {
                        Close(_user.IsConsoleSession() ? "session_ended" : "token_revoked");
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // closed or the client left
        }
    }

    /// <summary>The token's entry is still valid and its account still accepts it (same checks as each request's).</summary>
    private async Task<bool> StillValidAsync()
    {
        await using var scope = _scopes.CreateAsyncScope();
        if (_user.IsConsoleSession())
        {
            if (!await ConsoleStreamSession.IsActiveAsync(_user, scope.ServiceProvider))
            {
                return false;
            }
        }
        else
        {
            var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
            var tokenId = _user.GetTokenId();
            var entry = tokenId is null ? null : await tokens.FindByIdAsync(tokenId, _closed.Token);
            if (entry is null || !await tokens.HasStatusAsync(entry, Statuses.Valid, _closed.Token))
            {
                return false;
            }
        }

        var kind = _user.GetClaim(AuthClaims.AccountKind);
        var subject = _user.GetClaim(Claims.Subject);
        if (kind is null || subject is null)
        {
            return false;
        }

        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        var account = await scope.ServiceProvider.GetRequiredService<AccountCache>().GetAsync(db, kind, subject, _closed.Token);
        return account is not null && account.Accepts(_user.GetClaim(AuthClaims.SecurityStamp));
    }

    /// <summary>The client closed its side: stop sending.</summary>
    public void ClientClosed() => _closed.Cancel();

    /// <summary>The client broke the message rules: close now.</summary>
    public void Violated(string violation) => Close(violation);

    private void Close(string reason)
    {
        Reason ??= reason;
        _closed.Cancel();
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>Stops watching (the stream is closing anyway).</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _closed.CancelAsync();
        }

        await _watch;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _closed.Dispose();
    }
}
