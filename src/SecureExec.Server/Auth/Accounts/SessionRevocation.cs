using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using SecureExec.Server.Console;
using SecureExec.Server.Storage;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SecureExec.Server.Auth.Accounts;

/// <summary>
/// Ends an account's sessions: stages every still-valid token and authorization of a subject as revoked, on the
/// caller's context, so the change commits with its audit entry. The server validates each access token against its
/// token entry, so a revoked token is refused on its next request, and its refresh token can no longer be redeemed.
/// The subject's web-console sessions are deleted in the same commit.
/// </summary>
internal static class SessionRevocation
{
    /// <summary>Stages the revocation; returns how many tokens were still valid.</summary>
    public static async Task<int> StageForSubjectAsync(SecureExecDbContext db, string subject, CancellationToken cancellationToken)
    {
        var tokens = await db.Set<OpenIddictEntityFrameworkCoreToken>()
            .Where(t => t.Subject == subject && t.Status == Statuses.Valid)
            .ToListAsync(cancellationToken);
        var authorizations = await db.Set<OpenIddictEntityFrameworkCoreAuthorization>()
            .Where(a => a.Subject == subject && a.Status == Statuses.Valid)
            .ToListAsync(cancellationToken);
        foreach (var token in tokens)
        {
            token.Status = Statuses.Revoked;
        }

        foreach (var authorization in authorizations)
        {
            authorization.Status = Statuses.Revoked;
        }

        // Web-console sessions too (each request re-checks the account, so this only tidies; it commits with the rest).
        db.RemoveRange(await db.Set<ConsoleSession>().Where(s => s.UserId == subject).ToListAsync(cancellationToken));

        return tokens.Count;
    }
}
