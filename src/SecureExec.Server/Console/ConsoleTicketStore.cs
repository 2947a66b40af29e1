using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using SecureExec.Server.Storage;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SecureExec.Server.Console;

/// <summary>
/// Keeps console sessions in the database (<see cref="ConsoleSession"/>); the cookie carries only the session id.
/// Expired rows are removed as new sessions are stored.
/// </summary>
internal sealed class ConsoleTicketStore(IServiceScopeFactory scopes, IDataProtectionProvider protection, TimeProvider time) : ITicketStore
{
    private readonly IDataProtector _protector = protection.CreateProtector("SecureExec.Console.Session.v1");

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        await db.Set<ConsoleSession>().Where(s => s.ExpiresAt < now).ExecuteDeleteAsync();
        db.Add(new ConsoleSession
        {
            Id = id,
            UserId = ticket.Principal.GetClaim(Claims.Subject) ?? "",
            CreatedAt = now,
            ExpiresAt = ticket.Properties.ExpiresUtc ?? now,
            Ticket = Protect(ticket),
        });
        await db.SaveChangesAsync();
        return id;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        var expires = ticket.Properties.ExpiresUtc ?? time.GetUtcNow();
        var bytes = Protect(ticket);
        await db.Set<ConsoleSession>().Where(s => s.Id == key)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.ExpiresAt, expires).SetProperty(s => s.Ticket, bytes));
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        var session = await db.Set<ConsoleSession>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == key);
        if (session is null || session.ExpiresAt <= time.GetUtcNow())
        {
            return null;
        }

        try
        {
            return TicketSerializer.Default.Deserialize(_protector.Unprotect(session.Ticket));
        }
        catch (CryptographicException)
        {
            // Written under a data-protection key this server no longer has: the session is over.
            return null;
        }
    }

    /// <summary>Also notes the session's id on the request (<see cref="SessionKeyItem"/>), so a live stream opened with the cookie can watch its session.</summary>
    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var ticket = await RetrieveAsync(key);
        if (ticket is not null)
        {
            httpContext.Items[SessionKeyItem] = key;
        }

        return ticket;
    }

    /// <summary>The <see cref="HttpContext.Items"/> key of the request's console session id.</summary>
    public const string SessionKeyItem = "SecureExec.Console.SessionKey";

    public async Task RemoveAsync(string key)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        await db.Set<ConsoleSession>().Where(s => s.Id == key).ExecuteDeleteAsync();
    }

    /// <summary>Ends every session of a user (disabled, password changed).</summary>
    public static Task<int> RemoveAllAsync(SecureExecDbContext db, string userId, CancellationToken cancellationToken) =>
        db.Set<ConsoleSession>().Where(s => s.UserId == userId).ExecuteDeleteAsync(cancellationToken);

    private byte[] Protect(AuthenticationTicket ticket) => _protector.Protect(TicketSerializer.Default.Serialize(ticket));
}
