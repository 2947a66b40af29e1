using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace SecureExec.Server.Auth;

/// <summary>
/// The token keys in <c>DATA/keys</c> (owner-only): ECDSA P-256 signing keys as PKCS#8 PEM, newest first, and one
/// AES key that encrypts refresh tokens. Generated on first start; <c>keys rotate</c> adds a signing key and the old
/// ones stay for verification until every token they signed has expired.
/// </summary>
public sealed class SigningKeys
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public SigningKeys(string dataDirectory)
    {
        Directory = Path.Combine(dataDirectory, "keys");
    }

    public string Directory { get; }

    /// <summary>Loads every signing key (newest first), creating the first one and the encryption key when missing.</summary>
    public (IReadOnlyList<ECDsaSecurityKey> Signing, SymmetricSecurityKey Encryption) LoadOrCreate(TimeProvider time)
    {
        EnsureDirectory();
        if (SigningFiles().Length == 0)
        {
            Add(time);
        }

        var encryptionPath = Path.Combine(Directory, "refresh-token-encryption.key");
        if (!File.Exists(encryptionPath))
        {
            WriteOwnerOnly(encryptionPath, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }

        var signing = SigningFiles().Select(Load).ToList();
        var encryption = new SymmetricSecurityKey(Convert.FromBase64String(File.ReadAllText(encryptionPath).Trim()));
        return (signing, encryption);
    }

    /// <summary>Writes a new signing key; it signs from the next start on.</summary>
    public string Add(TimeProvider time)
    {
        EnsureDirectory();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var path = Path.Combine(Directory, $"signing-{time.GetUtcNow():yyyyMMddTHHmmssfffZ}.pem");
        WriteOwnerOnly(path, key.ExportPkcs8PrivateKeyPem());
        return path;
    }

    /// <summary>The signing key files, newest first (their names sort by creation time).</summary>
    public string[] SigningFiles() =>
        [.. System.IO.Directory.GetFiles(Directory, "signing-*.pem").OrderDescending(StringComparer.Ordinal)];

    private static ECDsaSecurityKey Load(string path)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(path));
        return new ECDsaSecurityKey(key) { KeyId = Path.GetFileNameWithoutExtension(path) };
    }

    private void EnsureDirectory()
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.SetUnixFileMode(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static void WriteOwnerOnly(string path, string content)
    {
        using (var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
        }
    }
}
