using System.Net;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using SecureExec.Server.Auth;
using SecureExec.Server.Tests.Storage;
using static SecureExec.Server.Tests.ServerTestSupport;

namespace SecureExec.Server.Tests.Auth;

/// <summary>
/// The token keys live in the database: instances on one database (each with a data directory of its own) sign with
/// the same key and accept each other's tokens, and a deployment's key files are moved in so its tokens stay valid.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedTokenKeysTests(PostgresServer postgres)
{
    private const string Issuer = "--SecureExec:Auth:Issuer=https://secureexec.test/";

    [Fact]
    public async Task TwoInstancesOnOneDatabase_AcceptEachOthersTokens_AndRefreshAcrossThem()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var first = await RunningServer.StartAsync([.. PostgresServer.On(database), Issuer]);
        await using var second = await RunningServer.StartAsync([.. PostgresServer.On(database), Issuer]);
        await first.CreateUserAsync("alice", AuthTestSupport.Password, "operator");

        var fromFirst = await first.LoginAsync("alice");
        using var onSecond = second.Client(fromFirst.AccessToken);
        using var commands = await onSecond.GetAsync("/commands");
        var refreshed = await second.RefreshAsync(fromFirst.RefreshToken);

        Assert.Equal(HttpStatusCode.OK, commands.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.Equal(new JsonWebToken(fromFirst.AccessToken).Kid, new JsonWebToken(refreshed.AccessToken).Kid);
    }

    [Fact]
    public async Task KeyFilesOfAnExistingDeployment_AreMovedIntoTheDatabase_AndKeepSigning()
    {
        var dataDirectory = Directory.CreateDirectory(NewDataDirectory()).FullName;
        var files = Directory.CreateDirectory(Path.Combine(dataDirectory, "keys")).FullName;
        using (var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            await File.WriteAllTextAsync(Path.Combine(files, "signing-20250101T000000000Z.pem"), ecdsa.ExportPkcs8PrivateKeyPem());
        }

        await File.WriteAllTextAsync(Path.Combine(files, LegacyKeyFiles.EncryptionFile), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        await using var server = await RunningServer.StartOnAsync(dataDirectory, Issuer);
        var token = await server.TokenForNewUserAsync("alice", "operator");

        Assert.Equal("signing-20250101T000000000Z", new JsonWebToken(token).Kid);
        Assert.Equal("signing-20250101T000000000Z", server.SigningKey().KeyId);
    }
}
