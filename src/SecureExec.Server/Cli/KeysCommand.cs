using System.CommandLine;
using SecureExec.Server.Audit;
using SecureExec.Server.Auth.Accounts;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Cli;

/// <summary>
/// <c>keys rotate</c>: adds a signing key to the database. Each instance signs with it from its next start; older
/// keys keep verifying until every token they signed has expired, then are retired.
/// </summary>
internal static class KeysCommand
{
    public static Command Build()
    {
        var rotate = new Command("rotate", "Add a new token signing key (used from each instance's next start) and retire expired ones.");
        rotate.SetAdminAction(async (session, _, ct) =>
        {
            var (keyId, retired) = await SigningKeyRotation.RotateAsync(
                session.Get<SigningKeyLifecycle>(), session.Get<AuditWriter>(), session.Get<SecureExecDbContext>(), AdminActor.Cli(), ct);
            session.Output.WriteLine($"new signing key {keyId}: the server signs with it from its next start");
            foreach (var key in retired)
            {
                session.Output.WriteLine($"retired {key}");
            }

            return AdminHost.Ok;
        });

        return new Command("keys", "Manage the token signing keys.") { rotate };
    }
}
