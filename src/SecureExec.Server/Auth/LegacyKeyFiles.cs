namespace SecureExec.Server.Auth;

/// <summary>
/// The token keys of releases that kept them as files in <c>DATA/keys</c>: signing keys <c>signing-TIME.pem</c>
/// (with <c>signing-TIME.in-use</c> holding when they started signing; <c>retired/</c> holds retired ones) and
/// <c>refresh-token-encryption.key</c>. Read once, to move them into the database so issued tokens stay valid.
/// </summary>
internal sealed class LegacyKeyFiles(string dataDirectory)
{
    public const string EncryptionFile = "refresh-token-encryption.key";

    public string Directory { get; } = Path.Combine(dataDirectory, "keys");

    /// <summary>The signing keys still in use (not retired), with when each started signing; empty when there are none.</summary>
    public IReadOnlyList<(string KeyId, string Pem, DateTimeOffset? InUseSince)> SigningKeys()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        return [.. System.IO.Directory.GetFiles(Directory, "signing-*.pem").Order(StringComparer.Ordinal).Select(path =>
            (Path.GetFileNameWithoutExtension(path), File.ReadAllText(path), InUseSince(path)))];
    }

    /// <summary>The refresh-token encryption key (base64), or null.</summary>
    public string? EncryptionKey()
    {
        var path = Path.Combine(Directory, EncryptionFile);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    private static DateTimeOffset? InUseSince(string path)
    {
        var marker = Path.ChangeExtension(path, ".in-use");
        return File.Exists(marker) && DateTimeOffset.TryParse(File.ReadAllText(marker).Trim(), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.RoundtripKind, out var since) ? since : null;
    }
}
