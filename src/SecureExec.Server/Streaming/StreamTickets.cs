using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace SecureExec.Server.Streaming;

/// <summary>
/// Short-lived, single-use tickets that let a browser (which cannot set headers on a WebSocket) open one job's stream
/// as the user who asked for the ticket. Only the ticket's SHA-256 is kept; redeeming removes it.
/// </summary>
internal sealed class StreamTickets(IOptions<StreamingOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Ticket> _tickets = new(StringComparer.Ordinal);

    public (string Ticket, DateTimeOffset ExpiresAt) Issue(string jobId, ClaimsPrincipal user)
    {
        var now = time.GetUtcNow();
        foreach (var (key, old) in _tickets)
        {
            if (old.ExpiresAt <= now)
            {
                _tickets.TryRemove(key, out _);
            }
        }

        var ticket = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var expiresAt = now + options.Value.TicketLifetime;
        _tickets[Hash(ticket)] = new Ticket(jobId, user, expiresAt);
        return (ticket, expiresAt);
    }

    /// <summary>The user the ticket was issued to, when it is known, unexpired and for this job; it can never be used again.</summary>
    public ClaimsPrincipal? Redeem(string ticket, string jobId)
    {
        if (ticket.Length is 0 or > 100 || !_tickets.TryRemove(Hash(ticket), out var found))
        {
            return null;
        }

        return found.ExpiresAt > time.GetUtcNow() && string.Equals(found.JobId, jobId, StringComparison.Ordinal) ? found.User : null;
    }

    private static string Hash(string ticket) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ticket)));

    private sealed record Ticket(string JobId, ClaimsPrincipal User, DateTimeOffset ExpiresAt);
}
