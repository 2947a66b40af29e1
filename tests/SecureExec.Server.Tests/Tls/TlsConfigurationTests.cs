using static SecureExec.Server.Tests.ServerTestSupport;

namespace SecureExec.Server.Tests.Tls;

/// <summary>A half-configured TLS setup stops the server before it listens, with a message that says what to fix.</summary>
public sealed class TlsConfigurationTests
{
    public enum Setup
    {
        CertificateWithoutKey,
        KeyWithoutCertificate,
        MissingCertificateFile,
        UnreadableKey,
        KeyOfAnotherCertificate,
        NotPem,
        EncryptedKeyWithoutPassword,
        EncryptedKeyWithWrongPassword,
        Expired,
        NotYetValid,
        HttpsUrlWithoutCertificate,
        CertificateWithoutHttpsUrl,
        BadHstsMaxAge,
    }

    [Theory]
    [InlineData(Setup.CertificateWithoutKey, "SecureExec:Tls:KeyPath is not set")]
    [InlineData(Setup.KeyWithoutCertificate, "SecureExec:Tls:CertificatePath is not set")]
    [InlineData(Setup.MissingCertificateFile, "does not exist")]
    [InlineData(Setup.UnreadableKey, "cannot be read")]
    [InlineData(Setup.KeyOfAnotherCertificate, "cannot use the certificate")]
    [InlineData(Setup.NotPem, "cannot use the certificate")]
    [InlineData(Setup.EncryptedKeyWithoutPassword, "cannot use the certificate")]
    [InlineData(Setup.EncryptedKeyWithWrongPassword, "cannot use the certificate")]
    [InlineData(Setup.Expired, "not now")]
    [InlineData(Setup.NotYetValid, "not now")]
    [InlineData(Setup.HttpsUrlWithoutCertificate, "needs a certificate")]
    [InlineData(Setup.CertificateWithoutHttpsUrl, "no URL is https://")]
    [InlineData(Setup.BadHstsMaxAge, "SecureExec:Tls:HstsMaxAge")]
    public void Serve_HalfConfiguredTls_RefusesToStart(Setup setup, string message)
    {
        var good = TestCertificate.Create();
        const string https = "--urls=https://127.0.0.1:0";
        string[] arguments = setup switch
        {
            Setup.CertificateWithoutKey => [https, $"--SecureExec:Tls:CertificatePath={good.CertificatePath}"],
            Setup.KeyWithoutCertificate => [https, $"--SecureExec:Tls:KeyPath={good.KeyPath}"],
            Setup.MissingCertificateFile => [https, $"--SecureExec:Tls:CertificatePath={good.Directory}/missing.pem", $"--SecureExec:Tls:KeyPath={good.KeyPath}"],
            Setup.UnreadableKey => [https, $"--SecureExec:Tls:CertificatePath={good.CertificatePath}", $"--SecureExec:Tls:KeyPath={good.Directory}"],
            Setup.KeyOfAnotherCertificate => [https, $"--SecureExec:Tls:CertificatePath={good.CertificatePath}", $"--SecureExec:Tls:KeyPath={TestCertificate.Create().KeyPath}"],
            Setup.NotPem => [https, $"--SecureExec:Tls:CertificatePath={WriteTemp("not a certificate")}", $"--SecureExec:Tls:KeyPath={good.KeyPath}"],
            Setup.EncryptedKeyWithoutPassword => [https, .. TestCertificate.Create(keyPassword: "s3cret").Arguments],
            Setup.EncryptedKeyWithWrongPassword => [https, .. TestCertificate.Create(keyPassword: "s3cret").Arguments, "--SecureExec:Tls:KeyPassword=wrong"],
            Setup.Expired => [https, .. TestCertificate.Create(DateTimeOffset.UtcNow.AddDays(-90), DateTimeOffset.UtcNow.AddDays(-1)).Arguments],
            Setup.NotYetValid => [https, .. TestCertificate.Create(DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow.AddDays(90)).Arguments],
            Setup.HttpsUrlWithoutCertificate => [https],
            Setup.CertificateWithoutHttpsUrl => ["--urls=http://127.0.0.1:0", .. good.Arguments],
            _ => [https, .. good.Arguments, "--SecureExec:Tls:HstsMaxAge=forever"],
        };

        var (exit, _, errors) = Invoke(["serve", .. ServeArguments(arguments)]);

        Assert.Equal(2, exit);
        Assert.Contains(message, errors, StringComparison.Ordinal);
        Assert.Contains("not starting", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_EncryptedKeyWithItsPassword_PassesTheChecks()
    {
        var certificate = TestCertificate.Create(keyPassword: "s3cret");
        var (exit, _, errors) = Invoke(["serve", .. ServeArguments(["--urls=http://127.0.0.1:0", .. certificate.Arguments, "--SecureExec:Tls:KeyPassword=s3cret"])]);

        // Only the missing https URL is left: the key itself was accepted.
        Assert.Equal(2, exit);
        Assert.Contains("no URL is https://", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot use the certificate", errors, StringComparison.Ordinal);
    }
}
