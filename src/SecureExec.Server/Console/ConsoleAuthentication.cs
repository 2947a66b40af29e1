using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using SecureExec.Core.Authorization;
using SecureExec.Server.Auth;
using SecureExec.Server.Storage;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SecureExec.Server.Console;

/// <summary>
/// The console's cookie session: HttpOnly, Secure, SameSite=Strict, sliding (<see cref="ConsoleOptions.IdleTimeout"/>)
/// within an absolute <see cref="ConsoleOptions.MaxSessionLifetime"/>, stored on the server. Its principal has the
/// same claims as an access token (<c>sub</c>, name, account kind, security stamp, scopes), so every feature reads a
/// console user exactly as it reads a token holder. On every request the account is read again: disabled, deleted or a
/// changed security stamp ends the session; the scopes are what the account's roles grant now.
/// </summary>
public static class ConsoleAuthentication
{
    /// <summary>The console's authentication scheme (the API's stays the bearer token).</summary>
    public const string Scheme = "Console";

    /// <summary>Any logged-in console user.</summary>
    public const string UserPolicy = "console";

    private const string StartedKey = "se_started";

    internal static IServiceCollection AddConsoleAuthentication(this IServiceCollection services, ConsoleOptions options)
    {
        services.AddSingleton<ConsoleTicketStore>();
        services.AddAuthentication().AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = options.CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.Path = "/";
            cookie.ExpireTimeSpan = options.IdleTimeout;
            cookie.SlidingExpiration = true;
            cookie.LoginPath = ConsolePaths.Login;
            cookie.LogoutPath = ConsolePaths.Logout;
            cookie.AccessDeniedPath = ConsolePaths.Denied;
            cookie.ReturnUrlParameter = "return_url";
            cookie.Events.OnValidatePrincipal = ValidateAsync;
        });
        services.AddOptions<CookieAuthenticationOptions>(Scheme).Configure<ConsoleTicketStore, TimeProvider>((cookie, store, time) =>
        {
            cookie.SessionStore = store;
            cookie.TimeProvider = time;
        });
        services.AddAuthorizationBuilder().AddPolicy(UserPolicy, policy => policy
            .AddAuthenticationSchemes(Scheme)
            .RequireAuthenticatedUser());
        return services;
    }

    /// <summary>A console policy requiring <paramref name="scope"/> (e.g. <c>audit:read</c>): the pages' [Authorize(Policy = ...)].</summary>
    internal static void RequireScope(AuthorizationPolicyBuilder policy, string scope) => policy
        .AddAuthenticationSchemes(Scheme)
        .RequireAuthenticatedUser()
        .AddRequirements(new ScopeRequirement(scope));

    /// <summary>The name of the console policy requiring <paramref name="scope"/>.</summary>
    public static string PolicyFor(string scope) => "console:" + scope;

    /// <summary>The principal of a new session for an account that just logged in.</summary>
    internal static ClaimsPrincipal Principal(AccountSnapshot account, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity(Scheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, account.Subject)
            .SetClaim(Claims.Name, account.Name)
            .SetClaim(AuthClaims.AccountKind, account.Kind)
            .SetClaim(AuthClaims.SecurityStamp, account.SecurityStamp);
        identity.SetScopes(scopes);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The properties of a new session: its start, from which <see cref="ConsoleOptions.MaxSessionLifetime"/> counts.</summary>
    internal static AuthenticationProperties NewSession(DateTimeOffset now) => new(new Dictionary<string, string?>
    {
        [StartedKey] = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
    })
    { IsPersistent = false };

    /// <summary>Whether <paramref name="user"/> is a console session (not a token holder).</summary>
    public static bool IsConsoleSession(this ClaimsPrincipal user) =>
        user.Identity is ClaimsIdentity { IsAuthenticated: true, AuthenticationType: Scheme };

    /// <summary>When the session must end at the latest (its absolute lifetime), or null when it is not a console session.</summary>
    internal static DateTimeOffset? SessionEndsAt(AuthenticationProperties properties, ConsoleOptions options) =>
        properties.Items.TryGetValue(StartedKey, out var started) && long.TryParse(started, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds) + options.MaxSessionLifetime
            : null;

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var options = services.GetRequiredService<IOptions<ConsoleOptions>>().Value;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var principal = context.Principal;
        var account = principal?.GetClaim(Claims.Subject) is { } subject
            ? await services.GetRequiredService<AccountCache>().GetAsync(
                services.GetRequiredService<SecureExecDbContext>(), AuthClaims.UserKind, subject, context.HttpContext.RequestAborted)
            : null;
        if (principal is null || account is null || !account.Accepts(principal.GetClaim(AuthClaims.SecurityStamp))
            || SessionEndsAt(context.Properties, options) is not { } endsAt || endsAt <= now)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
            return;
        }

        var current = (ClaimsIdentity)principal.Identity!;
        current.SetScopes(services.GetRequiredService<PermissionPolicy>().ScopesOf(account.Roles));
    }
}

/// <summary>The console's own addresses.</summary>
public static class ConsolePaths
{
    public const string Home = "/console";
    public const string Login = "/console/login";
    public const string Logout = "/console/logout";
    public const string Denied = "/console/denied";
}
