using System.Net;
using System.Net.Security;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SecureExec.Server.Tests.Tls;

/// <summary>A self-signed certificate for 127.0.0.1 and localhost made at test time, written as PEM files to a temporary directory.</summary>
internal sealed class TestCertificate
{
    private TestCertificate(X509Certificate2 certificate, string directory)
    {
        Certificate = certificate;
        Directory = directory;
    }

    public X509Certificate2 Certificate { get; }

    public string Directory { get; }

    public string CertificatePath => Path.Combine(Directory, "fullchain.pem");

    public string KeyPath => Path.Combine(Directory, "privkey.pem");

    /// <summary>The server arguments that point at this certificate.</summary>
    public string[] Arguments => [$"--SecureExec:Tls:CertificatePath={CertificatePath}", $"--SecureExec:Tls:KeyPath={KeyPath}"];

    /// <param name="notBefore">Defaults to an hour ago.</param>
    /// <param name="notAfter">Defaults to thirty days from now.</param>
    /// <param name="keyPassword">Writes the key encrypted with this password.</param>
    public static TestCertificate Create(DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, string? keyPassword = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=secureexec-test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        names.AddDnsName("secureexec.example");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var certificate = request.CreateSelfSigned(notBefore ?? DateTimeOffset.UtcNow.AddHours(-1), notAfter ?? DateTimeOffset.UtcNow.AddDays(30));

        var directory = Path.Combine(Path.GetTempPath(), "secureexec-tests", "tls-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var created = new TestCertificate(certificate, directory);
        File.WriteAllText(created.CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(created.KeyPath, keyPassword is null
            ? key.ExportPkcs8PrivateKeyPem()
            : key.ExportEncryptedPkcs8PrivateKeyPem(keyPassword, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000)));
        return created;
    }

    /// <summary>Accepts exactly this certificate and nothing else (no blanket trust).</summary>
    public bool IsThis(X509Certificate? presented) =>
        presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(Certificate.RawData);

    /// <summary>An HTTP handler that trusts only this certificate and does not follow redirects.</summary>
    public SocketsHttpHandler Handler() => new()
    {
        AllowAutoRedirect = false,
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, presented, _, _) => IsThis(presented) },
    };

    /// <summary>A WebSocket client that trusts only this certificate.</summary>
    public ClientWebSocket WebSocket()
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.RemoteCertificateValidationCallback = (_, presented, _, _) => IsThis(presented);
        return socket;
    }
}
