using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SecureExec.Server.Console;

namespace SecureExec.Server.Streaming;

/// <summary>
/// Lets the web console's own page follow a job: a stream request with neither an access token nor a ticket is
/// authenticated with the console's session cookie (SameSite=Strict, so only the console's own pages send it; the
/// origin check still runs first). The principal carries the session's id and absolute end, so
/// <see cref="StreamGuard"/> closes the stream when the session ends, is logged out or expires.
/// </summary>
internal static class ConsoleStreamSession
{
    private const string SessionClaim = "se_console_session";
    private const string EndsClaim = "se_console_session_ends";

    public static async Task AuthenticateAsync(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated == true || context.Request.Headers.Authorization.Count > 0 || context.Request.Query.ContainsKey("ticket")
            || await context.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(ConsoleAuthentication.Scheme) is null)
        {
            return;
        }

        var result = await context.AuthenticateAsync(ConsoleAuthentication.Scheme);
        var options = context.RequestServices.GetRequiredService<IOptions<ConsoleOptions>>().Value;
        if (!result.Succeeded || result.Principal.Identity is not ClaimsIdentity identity || context.Items[ConsoleTicketStore.SessionKeyItem] is not string key
            || ConsoleAuthentication.SessionEndsAt(result.Properties, options) is not { } endsAt)
        {
            return;
        }

        var session = identity.Clone();
        session.AddClaim(new Claim(SessionClaim, key));
        session.AddClaim(new Claim(EndsClaim, endsAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        context.User = new ClaimsPrincipal(session);
    }

    /// <summary>The absolute end of the console session behind <paramref name="user"/>; null for a token holder.</summary>
    public static DateTimeOffset? EndsAt(ClaimsPrincipal user) =>
        user.IsConsoleSession() && long.TryParse(user.FindFirst(EndsClaim)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>The session still exists on the server and has not expired (not logged out, not idle too long).</summary>
    public static async Task<bool> IsActiveAsync(ClaimsPrincipal user, IServiceProvider services) =>
        user.FindFirst(SessionClaim)?.Value is { } key && services.GetService<ConsoleTicketStore>() is { } store
        && await store.RetrieveAsync(key) is not null;
}
