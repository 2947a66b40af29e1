using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecureExec.Server.Auth;
using SecureExec.Server.Console;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Tests.Console;

/// <summary>The store as the administration tests check it, a token endpoint call, and an attacker's page.</summary>
public static class ConsoleAdminTestSupport
{
    public const string AttackerPage = "http://attacker.test/";

    public static async Task<string?> UserIdAsync(this RunningServer server, string name)
    {
        await using var scope = server.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        var normalized = UserAccount.Normalize(name);
        return await db.Users.Where(u => u.NormalizedName == normalized).Select(u => u.Id).FirstOrDefaultAsync();
    }

    public static async Task<bool> UserExistsAsync(this RunningServer server, string name) => await server.UserIdAsync(name) is not null;

    /// <summary>How many console sessions the store holds for the user.</summary>
    public static async Task<int> ConsoleSessionsOfAsync(this RunningServer server, string name)
    {
        var id = await server.UserIdAsync(name);
        await using var scope = server.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        return await db.Set<ConsoleSession>().CountAsync(s => s.UserId == id);
    }

    /// <summary>The token endpoint's answer to a client credentials grant.</summary>
    public static async Task<HttpResponseMessage> ClientCredentialsAsync(this RunningServer server, string clientId, string secret)
    {
        using var client = server.Client();
        return await client.PostAsync("/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        }));
    }

    /// <summary>
    /// Serves <see cref="AttackerPage"/> to this browser: a page on another site whose form posts itself, on load, to
    /// <paramref name="path"/> on the server as the create-user form would (no antiforgery token: the attacker has none).
    /// </summary>
    public static Task ServeAttackerPageAsync(this IPage page, RunningServer server, string path)
    {
        var target = WebUtility.HtmlEncode(new Uri(server.BaseAddress, path).ToString());
        var html = $"""
            <!DOCTYPE html>
            <html><body>
            <form id="f" method="post" action="{target}">
              <input type="hidden" name="_handler" value="create-user">
              <input type="hidden" name="name" value="mallory">
              <input type="hidden" name="password" value="mallory's own password">
              <input type="hidden" name="roles" value="admin">
            </form>
            <script>document.getElementById('f').submit();</script>
            </body></html>
            """;
        return page.RouteAsync(AttackerPage, route => route.FulfillAsync(new() { Status = 200, ContentType = "text/html", Body = html }));
    }

    /// <summary>Re-sets the session cookie with SameSite=None, as a browser that ignored SameSite would treat it.</summary>
    public static async Task WeakenSessionCookieAsync(this IPage page)
    {
        var cookies = await page.Context.CookiesAsync();
        await page.Context.AddCookiesAsync([.. cookies.Select(c => new Microsoft.Playwright.Cookie
        {
            Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, Secure = c.Secure, HttpOnly = c.HttpOnly, SameSite = SameSiteAttribute.None,
        })]);
    }
}
