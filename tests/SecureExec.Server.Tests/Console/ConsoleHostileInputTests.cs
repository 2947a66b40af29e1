using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace SecureExec.Server.Tests.Console;

/// <summary>
/// Malformed and hostile input to the console's pages and forms (bad ids, invalid UTF-8, absurd numbers and dates,
/// missing or repeated fields, oversized forms, unknown form names, header-breaking return addresses) is answered with a
/// 4xx or a redirect inside the console, never a 500.
/// </summary>
public sealed partial class ConsoleHostileInputTests
{
    [Theory]
    [InlineData("/console/jobs/x", 404)]
    [InlineData("/console/jobs/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 404)]
    [InlineData("/console/jobs/%FF", 404)]
    [InlineData("/console/jobs/%00", 400)]
    [InlineData("/console/jobs?since=garbage", 400)]
    [InlineData("/console/jobs?until=0000-01-01T00:00", 400)]
    [InlineData("/console/jobs?since=0001-01-01T00:00", 200)]
    [InlineData("/console/jobs?since=9999-12-31T23:59:59", 200)]
    [InlineData("/console/jobs?since=2020-01-01T00:00&since=2021-01-01T00:00", 400)]
    [InlineData("/console/jobs?cursor=%FF%FE", 400)]
    [InlineData("/console/jobs?status=nope", 400)]
    [InlineData("/console/jobs?owner=%ED%A0%80", 200)]
    [InlineData("/console/audit?since=0001-01-01T00:00", 200)]
    [InlineData("/console/audit?until=9999-12-31T23:59:59.9999999", 200)]
    [InlineData("/console/audit?limit=99999999999999999999999", 400)]
    [InlineData("/console/audit?cursor=%FF", 400)]
    [InlineData("/console/audit?actor=a&actor=b", 400)]
    [InlineData("/console/run/%FF", 403)]
    [InlineData("/console/run/..%2F..", 403)]
    [InlineData("/console/admin/users/%FF", 404)]
    [InlineData("/console/admin/clients/%FF", 404)]
    public async Task HostilePageAddresses_AreAnsweredWithoutAServerError(string path, int expected)
    {
        await using var server = await ConsoleRunTestSupport.StartAsync();
        using var console = await AdminSessionAsync(server);

        var response = await console.GetAsync(path);

        Assert.Equal(expected, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("/console/run/echo_strict", "run", "", 400)]
    [InlineData("/console/run/grep_log", "run", "p.max_matches=1e400&p.text=a&p.logfile=/var/log/x", 400)]
    [InlineData("/console/run/grep_log", "run", "p.max_matches=99999999999999999999999999999&p.text=a&p.logfile=/var/log/x", 400)]
    [InlineData("/console/run/nope", "run", "p.a=b", 403)]
    [InlineData("/console/run/echo_strict", "no-such-form", "p.text=a", 400)]
    [InlineData("/console/jobs/x", "cancel", "", 404)]
    [InlineData("/console/jobs/%FF", "cancel", "", 404)]
    [InlineData("/console/admin", "create-user", "", 400)]
    [InlineData("/console/admin", "create-user", "name=%FF&roles=%FF", 400)]
    [InlineData("/console/admin/users/root9", "set-roles", "roles=%FF&roles=nope", 400)]
    [InlineData("/console/admin/users/root9", "reset-password", "password=%FF", 400)]
    [InlineData("/console/admin/clients", "add-client", "client_id=%FF&roles=x", 400)]
    [InlineData("/console/run/echo_strict", "run", "many-fields", 400)]
    [InlineData("/console/run/echo_strict", "run", "huge-value", 400)]
    public async Task HostileFormPosts_AreAnsweredWithoutAServerError(string page, string handler, string body, int expected)
    {
        await using var server = await ConsoleRunTestSupport.StartAsync();
        using var console = await AdminSessionAsync(server);
        body = body switch
        {
            "many-fields" => string.Join("&", Enumerable.Range(0, 3000).Select(i => $"p.x{i}=1")),
            "huge-value" => "p.text=" + new string('b', 5_000_000),
            _ => body,
        };

        var response = await PostAsync(console, page, page, handler, body);

        Assert.Equal(expected, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("/console/%0d%0aX-Evil:%20y", "/console/\r\nX-Evil: y")]
    [InlineData("/console/..//evil.example", "//evil.example")]
    [InlineData("//evil.example/console", "/console")]
    [InlineData("https://evil.example/console", "/console")]
    [InlineData("/console\\..\\evil", "/console")]
    public async Task LoginReturnAddresses_StayOnThisServer(string returnUrl, string expectedPath)
    {
        await using var server = await ConsoleRunTestSupport.StartAsync();
        await server.CreateUserAsync("olga", RunningServer.Password, "tester");
        using var console = new ConsoleHttpSession(server);

        var response = await PostAsync(console, "/console/login", "/console/login?return_url=" + returnUrl, "login",
            $"Input.Name=olga&Input.Password={Uri.EscapeDataString(RunningServer.Password)}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Evil"));
        var location = response.Headers.Location!;
        Assert.Equal(server.BaseAddress.Authority, location.Authority);
        Assert.Equal(expectedPath, location.GetComponents(UriComponents.PathAndQuery, UriFormat.Unescaped));
    }

    private static async Task<ConsoleHttpSession> AdminSessionAsync(RunningServer server)
    {
        await server.CreateUserAsync("root9", RunningServer.Password, "admin");
        var console = new ConsoleHttpSession(server);
        await console.LoginAsync("root9");
        Assert.NotNull(console.SessionCookie);
        return console;
    }

    /// <summary>Posts a raw urlencoded body (so it may carry invalid UTF-8) with the antiforgery token of <paramref name="formPage"/>.</summary>
    private static async Task<HttpResponseMessage> PostAsync(ConsoleHttpSession console, string formPage, string target, string handler, string body)
    {
        var html = await (await console.GetAsync(formPage)).Content.ReadAsStringAsync();
        var token = WebUtility.HtmlDecode(TokenInput().Match(html).Groups[1].Value);
        var content = new StringContent(
            $"_handler={handler}&__RequestVerificationToken={Uri.EscapeDataString(token)}&{body}", Encoding.ASCII, "application/x-www-form-urlencoded");
        return await console.SendAsync(new HttpRequestMessage(HttpMethod.Post, target) { Content = content });
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();
}
