using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SecureExec.Server.Api;
using SecureExec.Server.Observability;

namespace SecureExec.Server.Tests.Api;

/// <summary>Every error the server answers is RFC 9457 problem details with a stable type, a trace id and a correlation id.</summary>
public sealed class ProblemDetailsTests(ProblemDetailsTests.Server server) : IClassFixture<ProblemDetailsTests.Server>
{
    private const string SecretInException = "connection string Password=hunter2";
    private readonly HttpClient _client = server.Client;

    public sealed record EchoRequest(string Template, int Count);

    public sealed class Server : ArrangedServerFixture
    {
        protected override void Arrange(WebApplication app)
        {
            app.MapGet("/test/throw", string () => throw new InvalidOperationException(SecretInException));
            app.MapPost("/test/echo", (EchoRequest request) => TypedResults.Ok(request));
            app.MapGet("/test/required", (int count) => TypedResults.Ok(count));
        }
    }

    [Fact]
    public async Task UnhandledException_Returns500ProblemWithoutTheExceptionDetail()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/test/throw");
        request.Headers.Add(CorrelationId.Header, "case-42");
        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ProblemTypes.Internal, body.GetProperty("type").GetString());
        Assert.Equal("case-42", body.GetProperty("correlation_id").GetString());
        Assert.Matches("^[0-9a-f]{32}$", body.GetProperty("trace_id").GetString());
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
        Assert.DoesNotContain("at ", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"template\": \"disk\", \"count\": 1", "$.count")]
    [InlineData("{\"template\": \"disk\", \"count\": \"many\"}", "$.count")]
    [InlineData("{\"template\": 5, \"count\": 1}", "$.template")]
    [InlineData("not json", "$")]
    public async Task BodyThatDoesNotBind_Returns400NamingWhere(string json, string path)
    {
        using var response = await _client.PostAsync("/test/echo", new StringContent(json, Encoding.UTF8, "application/json"));
        var body = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ProblemTypes.BadRequest, body.GetProperty("type").GetString());
        Assert.Equal(path, body.GetProperty("json_path").GetString());
        Assert.True(body.TryGetProperty("trace_id", out _));
    }

    [Fact]
    public async Task EmptyBody_Returns400SayingABodyIsRequired()
    {
        using var response = await _client.PostAsync("/test/echo", new StringContent("", Encoding.UTF8, "application/json"));
        var body = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("A request body is required.", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task MissingQueryParameter_Returns400NamingIt()
    {
        using var response = await _client.GetAsync("/test/required");
        var body = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("count", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongContentType_Returns415Problem()
    {
        using var response = await _client.PostAsync("/test/echo", new StringContent("{}", Encoding.UTF8, "text/plain"));
        var body = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(ProblemTypes.UnsupportedMediaType, body.GetProperty("type").GetString());
    }

    [Fact]
    public async Task UnknownRoute_Returns404Problem()
    {
        using var response = await _client.GetAsync("/no-such-thing");
        var body = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ProblemTypes.NotFound, body.GetProperty("type").GetString());
        Assert.Equal(response.Headers.GetValues(CorrelationId.Header).Single(), body.GetProperty("correlation_id").GetString());
    }

    [Fact]
    public async Task WrongMethod_Returns405Problem()
    {
        using var response = await _client.DeleteAsync("/test/required?count=1");
        var body = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(ProblemTypes.MethodNotAllowed, body.GetProperty("type").GetString());
    }

    [Fact]
    public async Task ClientAskingForProblemJson_GetsIt()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no-such-thing");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/problem+json"));
        using var response = await _client.SendAsync(request);

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
