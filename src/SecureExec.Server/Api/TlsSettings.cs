using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SecureExec.Server.Api;

/// <summary>
/// <c>SecureExec:Tls:*</c>: the server's certificate as PEM files (<c>CertificatePath</c>, the certificate followed by
/// its chain, e.g. Let's Encrypt's <c>fullchain.pem</c>; <c>KeyPath</c>, its private key; <c>KeyPassword</c> when the
/// key is encrypted) and <c>HstsMaxAge</c>. Read without throwing: every half-configuration (a certificate without a
/// key, an unreadable file, a key of another certificate, a certificate outside its validity, an <c>https://</c> URL
/// without a certificate, a certificate without an <c>https://</c> URL) is a start-up problem, all reported at once.
/// </summary>
internal sealed class TlsSettings
{
    public const string Section = "SecureExec:Tls";

    /// <summary>A certificate that expires within this is logged as a warning at start-up.</summary>
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(14);

    private readonly List<string> _problems = [];

    /// <summary>The loaded certificate with its private key; null when TLS is not configured or could not be loaded.</summary>
    public X509Certificate2? Certificate { get; private init; }

    /// <summary>Every certificate of <c>CertificatePath</c> (the leaf and its intermediates), sent in the handshake.</summary>
    public X509Certificate2Collection Chain { get; private init; } = [];

    /// <summary>Whether TLS is configured at all (a certificate or key path is set).</summary>
    public bool Enabled { get; private init; }

    /// <summary><c>Strict-Transport-Security</c> max-age; zero sends no header.</summary>
    public TimeSpan HstsMaxAge { get; private init; } = TimeSpan.FromDays(365);

    /// <summary>The problems found when reading; the validity period is checked against <paramref name="now"/>.</summary>
    public IEnumerable<string> Problems(DateTimeOffset now)
    {
        foreach (var problem in _problems)
        {
            yield return problem;
        }

        if (Certificate is { } certificate)
        {
            var (notBefore, notAfter) = (new DateTimeOffset(certificate.NotBefore.ToUniversalTime()), new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));
            if (now >= notAfter || now < notBefore)
            {
                yield return $"{Section}:CertificatePath: the certificate ({certificate.Subject}) is valid from {notBefore:u} to {notAfter:u}, "
                    + $"not now ({now:u}): renew it (e.g. certbot renew) or point at the current file.";
            }
        }
    }

    public static TlsSettings Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var certificatePath = NullIfBlank(section["CertificatePath"]);
        var keyPath = NullIfBlank(section["KeyPath"]);
        var password = section["KeyPassword"];
        var problems = new List<string>();

        var hsts = TimeSpan.FromDays(365);
        var hstsText = section["HstsMaxAge"];
        if (!string.IsNullOrWhiteSpace(hstsText) && (!TimeSpan.TryParse(hstsText, CultureInfo.InvariantCulture, out hsts) || hsts < TimeSpan.Zero))
        {
            problems.Add($"{Section}:HstsMaxAge: '{hstsText}' is not a duration of zero or more (d.hh:mm:ss, e.g. 365.00:00:00; 0 sends no HSTS header).");
            hsts = TimeSpan.FromDays(365);
        }

        var enabled = certificatePath is not null || keyPath is not null;
        var httpsUrls = Urls(configuration).Where(u => u.StartsWith("https://", StringComparison.OrdinalIgnoreCase)).ToList();
        if (!enabled && httpsUrls.Count > 0)
        {
            problems.Add($"urls: '{httpsUrls[0]}' needs a certificate: set {Section}:CertificatePath and {Section}:KeyPath to PEM files, or listen on http:// only.");
        }

        if (enabled && httpsUrls.Count == 0)
        {
            problems.Add($"{Section} is configured but no URL is https:// (urls: '{configuration["urls"]}'): add one, e.g. --urls \"https://0.0.0.0:8443;http://0.0.0.0:8080\".");
        }

        if (certificatePath is null && keyPath is not null)
        {
            problems.Add($"{Section}:CertificatePath is not set, but {Section}:KeyPath is: set both (PEM files, e.g. fullchain.pem and privkey.pem).");
        }

        if (certificatePath is not null && keyPath is null)
        {
            problems.Add($"{Section}:KeyPath is not set, but {Section}:CertificatePath is: set both (PEM files, e.g. fullchain.pem and privkey.pem).");
        }

        X509Certificate2? certificate = null;
        X509Certificate2Collection chain = [];
        if (certificatePath is not null && keyPath is not null)
        {
            var unreadable = new[] { Unreadable("CertificatePath", certificatePath), Unreadable("KeyPath", keyPath) }.OfType<string>().ToList();
            problems.AddRange(unreadable);
            if (unreadable.Count == 0)
            {
                (certificate, chain) = Load(certificatePath, keyPath, password, problems);
            }
        }

        var settings = new TlsSettings { Enabled = enabled, Certificate = certificate, Chain = chain, HstsMaxAge = hsts };
        settings._problems.AddRange(problems);
        return settings;
    }

    /// <summary>The entries of <c>urls</c> (semicolon-separated, as ASP.NET Core reads them).</summary>
    public static IEnumerable<string> Urls(IConfiguration configuration) =>
        (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The framework's PEM loading: the key must be the certificate's, the file's other certificates are the chain.</summary>
    private static (X509Certificate2?, X509Certificate2Collection) Load(string certificatePath, string keyPath, string? password, List<string> problems)
    {
        try
        {
            var certificate = string.IsNullOrEmpty(password)
                ? X509Certificate2.CreateFromPemFile(certificatePath, keyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(certificatePath, password, keyPath);
            var chain = new X509Certificate2Collection();
            chain.ImportFromPemFile(certificatePath);
            return (certificate, chain);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            problems.Add($"{Section}: cannot use the certificate '{certificatePath}' with the private key '{keyPath}': {e.Message} "
                + $"CertificatePath must be a PEM certificate (chain) and KeyPath its own PEM private key ({Section}:KeyPassword when it is encrypted).");
            return (null, []);
        }
    }

    private static string? Unreadable(string key, string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return $"{Section}:{key}: '{path}' does not exist.";
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return $"{Section}:{key}: '{path}' cannot be read by this user ({e.Message}).";
        }
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
