using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using SecureExec.Server.Storage;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SecureExec.Server.Auth;

/// <summary>
/// Makes a refresh token single-use under concurrency. OpenIddict marks a token redeemed only while it signs the new
/// ones in, and requests that checked the token before that all pass (observed: six parallel refreshes, six token
/// pairs). One conditional UPDATE claims the token first; the database lets exactly one request change the row.
/// </summary>
internal static class RefreshTokenRedemption
{
    /// <summary>True for the one request that claims the token; false when another already has.</summary>
    public static async Task<bool> TryClaimAsync(SecureExecDbContext db, string tokenId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // OpenIddict's own redemption then sets the status and overwrites this date; the concurrency token is untouched
        // so its update of the row still succeeds.
        var claimed = await db.Set<OpenIddictEntityFrameworkCoreToken>()
            .Where(t => t.Id == tokenId && t.Status == Statuses.Valid && t.RedemptionDate == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RedemptionDate, now.UtcDateTime), cancellationToken);
        return claimed == 1;
    }
}
