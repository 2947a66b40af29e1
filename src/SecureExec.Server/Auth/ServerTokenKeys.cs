using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Auth;

/// <summary>
/// Gives OpenIddict the token keys from the database when its options are first built (the first token request or
/// validation, after storage is migrated at start). The newest key signs; every loaded key verifies. A key added by
/// <c>keys rotate</c> is picked up at each instance's next start.
/// </summary>
internal sealed class ServerTokenKeys(IServiceScopeFactory scopes, TokenKeyStore store) : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        // Options are built synchronously; this runs once per process.
        var (signing, encryption) = LoadAsync().GetAwaiter().GetResult();
        foreach (var key in signing)
        {
            options.SigningCredentials.Add(new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256));
        }

        options.EncryptionCredentials.Add(new EncryptingCredentials(encryption, SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
    }

    private async Task<(IReadOnlyList<ECDsaSecurityKey> Signing, SymmetricSecurityKey Encryption)> LoadAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        return await store.LoadAsync(scope.ServiceProvider.GetRequiredService<SecureExecDbContext>(), CancellationToken.None);
    }
}
