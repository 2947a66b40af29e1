using System.CommandLine;
using SecureExec.Server.Audit;
using SecureExec.Server.Auth.Accounts;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Cli;

/// <summary>
/// <c>keys rotate</c>: adds a signing key to <c>DATA/keys</c>. The server signs with it from its next start; older
/// keys keep verifying until every token they signed has expired, then are moved to <c>keys/retired/</c>.
/// </summary>
internal static class KeysCommand
{
    public static Command Build()
    {
        var rotate = new Command("rotate", "Add a new token signing key (used from the server's next start) and retire expired ones.");
        rotate.SetAdminAction(async (session, _, ct) =>
        {
            var (keyId, retired) = await SigningKeyRotation.RotateAsync(
                session.Get<SigningKeyLifecycle>(), session.Get<AuditWriter>(), session.Get<SecureExecDbContext>(), AdminActor.Cli(), ct);
            session.Output.WriteLine($"new signing key {keyId}: the server signs with it from its next start");
            foreach (var key in retired)
            {
                session.Output.WriteLine($"retired {key} (moved to keys/{SigningKeyLifecycle.RetiredFolder}/)");
            }

            return AdminHost.Ok;
        });

        return new Command("keys", "Manage the token signing keys.") { rotate };
    }
}
