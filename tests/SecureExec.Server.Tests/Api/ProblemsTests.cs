using System.Net;
using Microsoft.AspNetCore.Builder;
using SecureExec.Server.Api;

namespace SecureExec.Server.Tests.Api;

/// <summary>The helpers features answer with: status, stable type, headers, and the trace and correlation ids.</summary>
public sealed class ProblemsTests(ProblemsTests.Server server) : IClassFixture<ProblemsTests.Server>
{
    private readonly HttpClient _client = server.Client;

    public sealed class Server : ArrangedServerFixture
    {
        protected override void Arrange(WebApplication app)
        {
            app.MapGet("/test/validation", () => Problems.Validation(new Dictionary<string, string[]> { ["path"] = ["must be under /var/log"] }));
            app.MapGet("/test/injection", () => Problems.InjectionAttempt(new Dictionary<string, string[]> { ["host"] = ["shell syntax is not allowed"] }));
            app.MapGet("/test/unauthorized", () => Problems.Unauthorized("invalid_token", "The token expired"));
            app.MapGet("/test/forbidden", () => Problems.Forbidden());
            app.MapGet("/test/not-found", () => Problems.NotFound());
            app.MapGet("/test/conflict", () => Problems.Conflict("The job already finished."));
            app.MapGet("/test/too-many", () => Problems.TooManyRequests(TimeSpan.FromSeconds(2.5)));
            app.MapGet("/test/queue-full", () => Problems.QueueFull(TimeSpan.FromSeconds(30)));
            app.MapGet("/test/unavailable", () => Problems.Unavailable());
        }
    }

    [Theory]
    [InlineData("/test/validation", 400, ProblemTypes.Validation)]
    [InlineData("/test/injection", 400, ProblemTypes.InjectionAttempt)]
    [InlineData("/test/unauthorized", 401, ProblemTypes.Unauthorized)]
    [InlineData("/test/forbidden", 403, ProblemTypes.Forbidden)]
    [InlineData("/test/not-found", 404, ProblemTypes.NotFound)]
    [InlineData("/test/conflict", 409, ProblemTypes.Conflict)]
    [InlineData("/test/too-many", 429, ProblemTypes.RateLimited)]
    [InlineData("/test/queue-full", 503, ProblemTypes.QueueFull)]
    [InlineData("/test/unavailable", 503, ProblemTypes.Unavailable)]
    public async Task Helper_AnswersItsStatusAndType_WithTraceAndCorrelationIds(string path, int status, string type)
    {
        using var response = await _client.GetAsync(path);
        var body = await response.JsonAsync();

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(type, body.GetProperty("type").GetString());
        Assert.Equal(status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("trace_id").GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("correlation_id").GetString()));
    }

    [Fact]
    public async Task Validation_NamesEachParameter()
    {
        using var response = await _client.GetAsync("/test/validation");
        var body = await response.JsonAsync();

        Assert.Equal("must be under /var/log", body.GetProperty("errors").GetProperty("path")[0].GetString());
    }

    [Theory]
    [InlineData("/test/too-many", "3")]
    [InlineData("/test/queue-full", "30")]
    public async Task Backoff_CarriesRetryAfterInWholeSecondsRoundedUp(string path, string seconds)
    {
        using var response = await _client.GetAsync(path);

        Assert.Equal(seconds, response.Headers.GetValues("Retry-After").Single());
    }

    [Fact]
    public async Task Unauthorized_ChallengesWithTheBearerError()
    {
        using var response = await _client.GetAsync("/test/unauthorized");

        Assert.Equal("Bearer error=\"invalid_token\", error_description=\"The token expired\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Forbidden_IsGeneric()
    {
        using var response = await _client.GetAsync("/test/forbidden");
        var body = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("You are not allowed to do this.", body.GetProperty("detail").GetString());
    }
}
