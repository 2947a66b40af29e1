using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using SecureExec.Core.Audit;
using SecureExec.Server.Tests.Jobs;
using SecureExec.Server.Tests.Streaming;
using static Microsoft.Playwright.Assertions;

namespace SecureExec.Server.Tests.Console;

/// <summary>
/// The job event stream (<c>GET /jobs/{id}/events</c>) with the console's session cookie instead of a token: the
/// owner's own job streams, another user's job is 404, a logged-out session is refused and closes an open stream,
/// and a foreign Origin is refused even with the cookie.
/// </summary>
[Collection(ConsoleBrowserCollection.Name)]
public sealed class ConsoleStreamTests(ConsoleBrowser browser)
{
    [Fact]
    public async Task SessionCookie_OpensTheEventsOfTheUsersOwnJob()
    {
        await using var server = await ConsoleRunTestSupport.StartAsync();
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "olga", "tester");
        using var api = server.Client(await server.AccessTokenAsync("olga", RunningServer.Password));
        var id = await api.SubmitAsync("ticks");

        using var client = await page.SessionClientAsync(server);
        using var response = await client.OpenEventsAsync(id);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = await reader.ReadUntilAsync("result");
        Assert.Equal(StreamingTestSupport.TicksStdout, events.Joined("stdout"));
        Assert.Equal("succeeded", events[^1].Data.GetProperty("status").GetString());
    }

    [Fact]
    public async Task SessionCookie_ForAnotherUsersJob_Is404_AndAudited()
    {
        await using var server = await ConsoleRunTestSupport.StartAsync();
        using var api = server.Client(await server.TokenForNewUserAsync("piotr", "tester"));
        var id = await api.SubmitAsync("drip");
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "olga", "tester");

        using var client = await page.SessionClientAsync(server);
        using var response = await client.OpenEventsAsync(id);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(await server.AuditRecordsAsync(a => a.Action == AuditActions.StreamDenied && a.JobId == id),
            a => a.DetailsJson.Contains("not_found", StringComparison.Ordinal));
        await api.PostAsync($"/jobs/{id}/cancel", null);
    }

    [Fact]
    public async Task LoggedOutSession_IsRefused()
    {
        await using var server = await ConsoleRunTestSupport.StartAsync();
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "olga", "tester");
        using var api = server.Client(await server.AccessTokenAsync("olga", RunningServer.Password));
        var id = await api.SubmitAsync("ticks");
        using var client = await page.SessionClientAsync(server);

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("signed_out=1$"));

        using var response = await client.OpenEventsAsync(id);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ForeignOrigin_IsRefused_EvenWithTheCookie()
    {
        await using var server = await ConsoleRunTestSupport.StartAsync();
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "olga", "tester");
        using var api = server.Client(await server.AccessTokenAsync("olga", RunningServer.Password));
        var id = await api.SubmitAsync("ticks");

        using var client = await page.SessionClientAsync(server);
        using var response = await client.OpenEventsAsync(id, origin: "https://attacker.example");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);

        // The WebSocket too: a cookie-bearing cross-site socket is refused before the upgrade.
        var cookie = string.Join("; ", (await page.Context.CookiesAsync()).Select(c => $"{c.Name}={c.Value}"));
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Cookie", cookie);
        socket.Options.SetRequestHeader("Origin", "https://attacker.example");
        await Assert.ThrowsAnyAsync<System.Net.WebSockets.WebSocketException>(
            () => socket.ConnectAsync(new Uri($"ws://{server.BaseAddress.Authority}/jobs/{id}/stream"), CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    [Fact]
    public async Task LoggingOut_ClosesAnOpenStream_AtTheNextRecheck()
    {
        await using var server = await ConsoleRunTestSupport.StartAsync("--SecureExec:Streaming:RecheckInterval=00:00:00.2");
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "olga", "tester");
        using var api = server.Client(await server.AccessTokenAsync("olga", RunningServer.Password));
        var id = await api.SubmitAsync("drip");

        using var client = await page.SessionClientAsync(server);
        using var response = await client.OpenEventsAsync(id);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = await reader.ReadEventAsync();
        Assert.Equal("status", first!.Type);

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        var events = await reader.ReadUntilAsync("end");
        Assert.Equal("session_ended", events[^1].Data.GetProperty("reason").GetString());
        await api.PostAsync($"/jobs/{id}/cancel", null);
    }

    [Fact]
    public async Task AnOpenStream_ClosesAtTheSessionsAbsoluteEnd()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await RunningServer.StartAsync(
            s => s.AddSingleton<TimeProvider>(clock),
            [.. ConsoleRunTestSupport.Configuration(), "--SecureExec:Console:MaxSessionLifetime=00:05:00"]);
        var page = await browser.NewPageAsync(server);
        await page.LoginAsNewUserAsync(server, "olga", "tester");
        using var api = server.Client(await server.AccessTokenAsync("olga", RunningServer.Password));
        var id = await api.SubmitAsync("drip");

        using var client = await page.SessionClientAsync(server);
        using var response = await client.OpenEventsAsync(id);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("status", (await reader.ReadEventAsync())!.Type);

        clock.Advance(TimeSpan.FromMinutes(6));
        var events = await reader.ReadUntilAsync("end");
        Assert.Equal("session_expired", events[^1].Data.GetProperty("reason").GetString());
        using var admin = server.Client(await server.TokenForNewUserAsync("root", "admin"));
        await admin.PostAsync($"/jobs/{id}/cancel", null);
    }
}
