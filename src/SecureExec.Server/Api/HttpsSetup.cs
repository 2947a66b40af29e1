using SecureExec.Server.Cli;

namespace SecureExec.Server.Api;

public static partial class HttpsSetup
{
    /// <summary>
    /// HTTPS from <c>SecureExec:Tls:*</c> (see <see cref="TlsSettings"/>): the certificate and its chain for every
    /// <c>https://</c> URL, HSTS, and 308 redirects for requests that arrive on an <c>http://</c> URL. Call after the
    /// listening URLs are settled. A half-configuration is a start-up problem, never a silent plain-text server.
    /// </summary>
    public static WebApplicationBuilder AddServerHttps(this WebApplicationBuilder builder)
    {
        var settings = TlsSettings.Read(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<IStartupCheck, TlsStartupCheck>();
        if (settings.Certificate is { } certificate)
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
            {
                https.ServerCertificate = certificate;
                https.ServerCertificateChain = settings.Chain;
            }));
        }

        builder.Services.AddHsts(hsts => hsts.MaxAge = settings.HstsMaxAge);
        builder.Services.AddHttpsRedirection(redirect => redirect.RedirectStatusCode = StatusCodes.Status308PermanentRedirect);
        return builder;
    }

    /// <summary>
    /// When TLS is configured: HSTS on HTTPS responses (ASP.NET Core leaves it off for <c>localhost</c>,
    /// <c>127.0.0.1</c> and <c>[::1]</c>), and a request over plain HTTP is redirected, never served; if the HTTPS port
    /// cannot be told (several https URLs on different ports and no <c>https_port</c>) it is refused with 400. Goes
    /// before authentication, so no credential sent over plain HTTP is ever looked at.
    /// </summary>
    public static WebApplication UseServerHttps(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<TlsSettings>();
        if (!settings.Enabled)
        {
            return app;
        }

        if (settings.Certificate is { } certificate)
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SecureExec.Tls");
            var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
            ServingHttps(logger, certificate.Subject, certificate.Thumbprint, notAfter);
            if (notAfter - app.Services.GetRequiredService<TimeProvider>().GetUtcNow() < TlsSettings.ExpiryWarning)
            {
                CertificateExpiresSoon(logger, certificate.Subject, notAfter);
            }
        }

        if (settings.HstsMaxAge > TimeSpan.Zero)
        {
            app.UseHsts();
        }

        app.UseHttpsRedirection();
        app.Use(async (context, next) =>
        {
            if (context.Request.IsHttps)
            {
                await next(context);
                return;
            }

            await Problems.InvalidRequest("scheme", "this server answers over https only").ExecuteAsync(context);
        });
        return app;
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Serving HTTPS with the certificate {Subject} ({Thumbprint}), valid until {NotAfter:u}")]
    private static partial void ServingHttps(ILogger logger, string subject, string thumbprint, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "The certificate {Subject} expires at {NotAfter:u}: renew it and restart the server")]
    private static partial void CertificateExpiresSoon(ILogger logger, string subject, DateTimeOffset notAfter);

    /// <summary>The TLS settings' problems, with the certificate's validity checked against the injected clock.</summary>
    private sealed class TlsStartupCheck(TlsSettings settings, TimeProvider time) : IStartupCheck
    {
        public IEnumerable<string> Problems() => settings.Problems(time.GetUtcNow());
    }
}
