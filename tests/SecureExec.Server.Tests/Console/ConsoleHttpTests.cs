using System.Net;
using System.Net.Http.Headers;
using SecureExec.Core.Audit;

namespace SecureExec.Server.Tests.Console;

/// <summary>
/// The console's HTTP rules without a browser: antiforgery on the login form, the session cookie accepted only by the
/// console (never by the API, so no cross-site request can ride it there), security headers, and the console switched off.
/// </summary>
public sealed class ConsoleHttpTests
{
    [Fact]
    public async Task Login_SetsAServerSideSessionCookie_HttpOnlySecureStrict()
    {
        await using var server = await RunningServer.StartAsync();
        await server.CreateUserAsync("olga", RunningServer.Password, "operator");
        using var console = new ConsoleHttpSession(server);

        var response = await console.LoginAsync("olga");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/console", response.Headers.Location?.AbsolutePath);
        var cookie = Assert.Single(ConsoleHttpSession.SetCookies(response), c => c.StartsWith("secureexec_session=", StringComparison.Ordinal));
        Assert.Contains("; httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires=", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await console.GetAsync("/console")).StatusCode);
    }

    [Fact]
    public async Task LoginPost_WithoutTheAntiforgeryToken_IsRefused_AndNothingIsChecked()
    {
        await using var server = await RunningServer.StartAsync();
        await server.CreateUserAsync("olga", RunningServer.Password, "operator");
        using var console = new ConsoleHttpSession(server);

        var response = await console.PostFormAsync("/console/login", "login", [new("Input.Name", "olga"), new("Input.Password", RunningServer.Password)], withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(console.SessionCookie);
        Assert.Empty(await server.AuditRecordsAsync(r => r.Action == AuditActions.LoginSucceeded || r.Action == AuditActions.LoginFailed));
    }

    [Theory]
    [InlineData("GET", "/auth/me")]
    [InlineData("GET", "/jobs")]
    [InlineData("GET", "/commands")]
    [InlineData("GET", "/admin/users")]
    [InlineData("POST", "/execute")]
    public async Task TheApi_DoesNotAcceptTheConsoleSession(string method, string path)
    {
        await using var server = await RunningServer.StartAsync();
        await server.CreateUserAsync("root2", RunningServer.Password, "admin");
        using var console = new ConsoleHttpSession(server);
        await console.LoginAsync("root2");
        Assert.NotNull(console.SessionCookie);

        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent("""{"template":"uptime","parameters":{}}""", new MediaTypeHeaderValue("application/json"));
        }

        var response = await console.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AnonymousConsolePage_RedirectsToLogin_AndTheRootLeadsToTheConsole()
    {
        await using var server = await RunningServer.StartAsync();
        using var console = new ConsoleHttpSession(server);

        var root = await console.GetAsync("/");
        var home = await console.GetAsync("/console");

        Assert.Equal("/console", root.Headers.Location?.OriginalString);
        Assert.True(ConsoleHttpSession.IsLoginRedirect(home));
        Assert.EndsWith("return_url=%2Fconsole", home.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConsolePages_CarryAStrictContentSecurityPolicy_AndAreNotCached()
    {
        await using var server = await RunningServer.StartAsync();
        using var console = new ConsoleHttpSession(server);

        var response = await console.GetAsync("/console/login");

        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("form-action 'self'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.True(response.Headers.CacheControl?.NoStore);
        var css = await console.GetAsync("/console/assets/console.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task LoginOverPlainHttp_ToANonLoopbackName_SaysHttpsIsNeeded_AndSetsNoSession()
    {
        await using var server = await RunningServer.StartAsync();
        await server.CreateUserAsync("olga", RunningServer.Password, "operator");
        using var console = new ConsoleHttpSession(server);
        console.Client.DefaultRequestHeaders.Host = "secureexec.example.org";

        var response = await console.LoginAsync("olga");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("plain HTTP", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(console.SessionCookie);
    }

    [Fact]
    public async Task ConsoleSwitchedOff_ServesNoPagesAndNoLoginForm()
    {
        await using var server = await RunningServer.StartAsync("--SecureExec:Console:Enabled=false");
        using var console = new ConsoleHttpSession(server);

        Assert.Equal(HttpStatusCode.NotFound, (await console.GetAsync("/console/login")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await console.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await console.GetAsync("/console/assets/console.css")).StatusCode);
    }

    [Fact]
    public async Task FormPosts_CountAgainstTheSubmissionLimit_PageViewsAgainstTheReadLimit()
    {
        await using var server = await RunningServer.StartAsync("--SecureExec:RateLimits:PerUser:PermitLimit=3", "--SecureExec:RateLimits:PerUser:Window=01:00:00");
        using var console = new ConsoleHttpSession(server);

        var posts = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            posts.Add((await console.LoginAsync("nobody", "wrong")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, (HttpStatusCode)429], posts);
        Assert.Equal(HttpStatusCode.OK, (await console.GetAsync("/console/login")).StatusCode);
    }
}
