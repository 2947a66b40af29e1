using System.Net;
using System.Net.Http.Json;
using System.Security.Authentication;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SecureExec.Server.Tests.Jobs;
using SecureExec.Server.Tests.Streaming;

namespace SecureExec.Server.Tests.Tls;

/// <summary>HTTPS from PEM files: the API, HSTS, redirects from plain HTTP, and the job stream over wss://.</summary>
[Collection(SandboxRunsCollection.Name)]
public sealed class HttpsTests
{
    private static async Task<RunningServer> StartAsync(TestCertificate certificate, params string[] overrides)
    {
        var server = await RunningServer.StartAsync(StreamingTestSupport.Configuration(
            ["--urls=https://127.0.0.1:0;http://127.0.0.1:0", .. certificate.Arguments, .. overrides]));
        server.Handler = certificate.Handler;
        return server;
    }

    private static Uri PlainAddress(RunningServer server) =>
        new(server.App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single(a => a.StartsWith("http://", StringComparison.Ordinal)));

    [Fact]
    public async Task Https_ServesTheApi_WithTheConfiguredCertificate()
    {
        var certificate = TestCertificate.Create();
        await using var server = await StartAsync(certificate);
        Assert.Equal("https", server.BaseAddress.Scheme);

        using var client = server.Client(await server.TokenForNewUserAsync("alice", "tester"));
        var job = await client.RunAsync("echo_literal", new { text = "over tls" });
        Assert.Equal("succeeded", job.GetProperty("status").GetString());

        // A client that trusts only the system's roots refuses the self-signed certificate: the answer above was TLS.
        using var untrusting = new HttpClient { BaseAddress = server.BaseAddress };
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync("/health/live"));
        Assert.IsType<AuthenticationException>(refused.InnerException);
    }

    [Theory]
    [InlineData("secureexec.example", null, "max-age=31536000")]
    [InlineData("secureexec.example", "1.00:00:00", "max-age=86400")]
    [InlineData("secureexec.example", "0", null)]
    [InlineData("127.0.0.1", null, null)]
    [InlineData("localhost", null, null)]
    public async Task Https_SendsHsts_ExceptToLoopbackNames(string host, string? maxAge, string? expected)
    {
        var certificate = TestCertificate.Create();
        await using var server = await StartAsync(certificate, maxAge is null ? [] : [$"--SecureExec:Tls:HstsMaxAge={maxAge}"]);
        using var client = server.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Host = $"{host}:{server.BaseAddress.Port}";

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Headers.TryGetValues("Strict-Transport-Security", out var values) ? values.Single() : null);
    }

    [Theory]
    [InlineData("GET", "/health/live?probe=1")]
    [InlineData("POST", "/auth/token")]
    [InlineData("GET", "/jobs/00000000000000000000000000000000/stream?ticket=abc")]
    public async Task Http_IsRedirectedToHttps_AndNeverServed(string method, string path)
    {
        var certificate = TestCertificate.Create();
        await using var server = await StartAsync(certificate);
        await server.CreateUserAsync("alice", RunningServer.Password, "tester");
        using var plain = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = PlainAddress(server) };
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password",
                ["username"] = "alice",
                ["password"] = RunningServer.Password,
            });
        }

        using var response = await plain.SendAsync(request);

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal(new Uri(server.BaseAddress, path), response.Headers.Location);
        Assert.DoesNotContain("access_token", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await server.AuditRecordsAsync(a => a.Action.StartsWith("auth.") || a.Action.StartsWith("stream.")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Wss_StreamsAJobsEvents(bool withTicket)
    {
        var certificate = TestCertificate.Create();
        await using var server = await StartAsync(certificate);
        var token = await server.TokenForNewUserAsync("alice", "tester");
        using var client = server.Client(token);
        var id = (await client.RunAsync("echo_literal", new { text = "secure stream" })).GetProperty("id").GetString()!;
        using var socket = certificate.WebSocket();
        var query = "";
        if (withTicket)
        {
            using var issued = await client.PostAsync($"/jobs/{id}/stream-ticket", null);
            var ticket = (await issued.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("ticket").GetString();
            query = $"?ticket={ticket}";
        }
        else
        {
            socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(new Uri($"wss://{server.BaseAddress.Authority}/jobs/{id}/stream{query}"), timeout.Token);
        var events = await socket.ReceiveUntilAsync("result");

        Assert.Equal(HttpStatusCode.SwitchingProtocols, socket.HttpStatusCode);
        Assert.Equal("secure stream", events.Joined("stdout"));
        Assert.Equal("succeeded", events[^1].Data.GetProperty("status").GetString());
    }
}
