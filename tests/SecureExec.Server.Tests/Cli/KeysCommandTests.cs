using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;
using SecureExec.Core.Audit;
using static SecureExec.Server.Tests.Auth.Accounts.AdminTestSupport;
using static SecureExec.Server.Tests.ServerTestSupport;

namespace SecureExec.Server.Tests.Cli;

public sealed class KeysCommandTests
{
    [Fact]
    public async Task KeysRotate_AfterRestart_NewTokensCarryTheNewKeyId_AndTokensSignedWithTheOldKeyStillValidate()
    {
        // A fixed issuer: by default it is the address the request came in on, and each start has a port of its own.
        const string issuer = "--SecureExec:Auth:Issuer=https://secureexec.test/";
        var dir = NewDataDirectory();
        string oldToken;
        await using (var first = await RunningServer.StartOnAsync(dir, issuer))
        {
            oldToken = await first.AdminTokenAsync();
        }

        var (exit, output, _) = RunCli(dir, "keys", "rotate");

        Assert.Equal(0, exit);
        var newKeyId = output.Split(' ')[3].TrimEnd(':');
        Assert.StartsWith("signing-", newKeyId, StringComparison.Ordinal);
        Assert.NotEqual(new JsonWebToken(oldToken).Kid, newKeyId);
        await using var second = await RunningServer.StartOnAsync(dir, issuer);
        var newToken = await second.AccessTokenAsync("root", Password);
        Assert.Equal(newKeyId, new JsonWebToken(newToken).Kid);
        using var old = second.Client(oldToken);
        Assert.Equal(HttpStatusCode.OK, (await old.GetAsync("/admin/users")).StatusCode);
        var entry = Assert.Single(await AuditAsync(dir), a => a.Action == AuditActions.SigningKeyRotated);
        Assert.Contains(newKeyId, entry.DetailsJson, StringComparison.Ordinal);
        Assert.StartsWith("cli:", entry.Subject, StringComparison.Ordinal);
    }
}
