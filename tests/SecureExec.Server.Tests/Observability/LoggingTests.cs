using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using SecureExec.Server.Observability;

namespace SecureExec.Server.Tests.Observability;

/// <summary>Logs carry the request's correlation, trace and span ids, and never what the client sent as a secret.</summary>
public sealed class LoggingTests(LoggingTests.Server server) : IClassFixture<LoggingTests.Server>
{
    private const string BearerToken = "eyJhbGciOiJFUzI1NiJ9.bearer-secret-4a1f.sig";
    private const string Password = "p4ss-secret-77c9";

    public sealed class Server : ArrangedServerFixture
    {
        internal CapturingLoggerProvider Logs { get; } = new();

        // Everything down to Debug, the most an operator may turn on in production (Trace "may contain sensitive data"
        // by .NET's convention; OpenIddict logs rejected tokens there).
        protected override string[] Overrides => ["--Logging:LogLevel:Default=Debug", "--Logging:LogLevel:Microsoft.AspNetCore=Debug"];

        protected override void Arrange(WebApplication app)
        {
            app.Services.GetRequiredService<ILoggerFactory>().AddProvider(Logs);
            app.MapPost("/test/login", async (HttpRequest request) => TypedResults.Ok((await request.ReadFormAsync()).Count));
        }
    }

    [Fact]
    public async Task RequestWithAuthorizationHeaderAndPasswordForm_LeavesNeitherInTheLogs()
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = "alice", ["password"] = Password };
        foreach (var path in new[] { "/test/login", "/auth/token", "/no-such-route" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BearerToken);
            using var response = await server.Client.SendAsync(request);
        }

        Assert.NotEmpty(server.Logs.Entries);
        Assert.All(server.Logs.Entries, entry =>
        {
            Assert.DoesNotContain(Password, entry.AllText, StringComparison.Ordinal);
            Assert.DoesNotContain("bearer-secret-4a1f", entry.AllText, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task RequestLogs_CarryCorrelationTraceAndSpanIdsAsScopes()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no-such-route-for-scopes");
        request.Headers.Add(CorrelationId.Header, "scope-check-1");
        using var response = await server.Client.SendAsync(request);

        var entries = server.Logs.Entries.Where(e => e.Scopes.GetValueOrDefault("CorrelationId") == "scope-check-1").ToList();
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.Matches("^[0-9a-f]{32}$", e.Scopes["TraceId"]));
        Assert.All(entries, e => Assert.Matches("^[0-9a-f]{16}$", e.Scopes["SpanId"]));
    }

    [Fact]
    public void JsonConsole_WritesScopes()
    {
        Assert.True(server.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue.IncludeScopes);
    }
}
