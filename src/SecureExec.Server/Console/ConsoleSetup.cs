using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.FileProviders;
using SecureExec.Core.Authorization;
using SecureExec.Server.Api;
using SecureExec.Server.Console.Components;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Console;

/// <summary>
/// The web console at <c>/console</c> (and <c>/</c>, which leads there): Razor components rendered on the server, a
/// cookie session kept on the server, antiforgery on every form, its own stylesheet and script (no third-party code),
/// and a strict Content-Security-Policy. See docs/console.md.
/// </summary>
public static class ConsoleSetup
{
    private const string AssetsPath = "/console/assets";

    public static IServiceCollection AddConsole(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(ConsoleOptions.Section);
        var options = section.Get<ConsoleOptions>() ?? new ConsoleOptions();
        services.Configure<ConsoleOptions>(section);

        // Keys for the session cookie and the antiforgery tokens, kept in the database so every instance shares them.
        services.AddDataProtection().SetApplicationName("SecureExec").PersistKeysToDbContext<SecureExecDbContext>();
        if (!options.Enabled)
        {
            return services;
        }

        services.AddConsoleAuthentication(options);
        services.AddAuthorizationBuilder()
            .AddPolicy(ConsoleAuthentication.PolicyFor(ReservedScopes.AuditRead), p => ConsoleAuthentication.RequireScope(p, ReservedScopes.AuditRead))
            .AddPolicy(ConsoleAuthentication.PolicyFor(ReservedScopes.Admin), p => ConsoleAuthentication.RequireScope(p, ReservedScopes.Admin));
        services.AddRazorComponents();
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "secureexec_antiforgery";
            // Secure over HTTPS. (Always would make antiforgery refuse plain-HTTP loopback, the default address; the
            // session cookie itself is always Secure, which browsers accept on loopback.)
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.HeaderName = "X-CSRF-Token";
        });
        return services;
    }

    /// <summary>Security headers on console pages, the console's assets, and antiforgery validation of form posts.</summary>
    public static WebApplication UseConsole(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ConsoleOptions>>().Value.Enabled)
        {
            return app;
        }

        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(ConsolePaths.Home))
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                    + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers.CacheControl = "no-store";
            }

            await next();
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new ManifestEmbeddedFileProvider(typeof(ConsoleSetup).Assembly, "Console/assets"),
            RequestPath = AssetsPath,
        });
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapConsole(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ConsoleOptions>>().Value.Enabled)
        {
            return app;
        }

        app.MapGet("/", () => Results.Redirect(ConsolePaths.Home)).ExcludeFromDescription();
        // Page views count against the caller's read budget, form posts (run, cancel, administration) against the
        // budget POST /execute has (per user once logged in, else per address).
        app.MapRazorComponents<App>().RequireRateLimiting(RateLimitPolicies.ConsolePages);
        ConsoleAuditExport.Map(app);
        return app;
    }
}
