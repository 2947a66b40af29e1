using SecureExec.Core.Audit;
using SecureExec.Server.Audit;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Auth.Accounts;

/// <summary><c>keys rotate</c> and the console's signing-keys page: a new key, expired ones retired, one audit entry, one commit.</summary>
internal static class SigningKeyRotation
{
    public static async Task<(string KeyId, IReadOnlyList<string> Retired)> RotateAsync(
        SigningKeyLifecycle lifecycle, AuditWriter audit, SecureExecDbContext db, AdminActor actor, CancellationToken cancellationToken)
    {
        var (keyId, retired) = await lifecycle.StageRotationAsync(db, cancellationToken);
        var details = new Dictionary<string, string> { ["key_id"] = keyId, ["retired"] = string.Join(",", retired) };
        await audit.SaveAsync(db, actor.Content(AuditActions.SigningKeyRotated, details), cancellationToken);
        return (keyId, retired);
    }
}
