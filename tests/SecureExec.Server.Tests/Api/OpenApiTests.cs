using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SecureExec.Core.Templates;
using static SecureExec.Server.Tests.ArrangedServer;

namespace SecureExec.Server.Tests.Api;

/// <summary>The OpenAPI document and the interactive reference, as a client fetches them.</summary>
public sealed partial class OpenApiTests(OpenApiTests.Server server) : IClassFixture<OpenApiTests.Server>
{
    public sealed record ExecuteBody(string Template, JsonElement Parameters);

    public sealed class Server : ArrangedServerFixture
    {
        protected override void Arrange(WebApplication app)
        {
            // Stand-ins for the jobs feature's endpoint: the document describes whatever POST /execute binds.
            app.MapPost("/execute", (ExecuteBody body) => TypedResults.Accepted("/jobs/1")).RequireAuthorization();
            app.MapGet("/test/open", () => "open");
        }
    }

    [Fact]
    public async Task Document_IsOpenApiForSecureExecWithTheBearerFlows()
    {
        var document = await DocumentAsync();
        var bearer = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");

        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("SecureExec", document.GetProperty("info").GetProperty("title").GetString());
        Assert.Equal("oauth2", bearer.GetProperty("type").GetString());
        Assert.Equal("/auth/token", bearer.GetProperty("flows").GetProperty("password").GetProperty("tokenUrl").GetString());
        Assert.Equal("/auth/token", bearer.GetProperty("flows").GetProperty("clientCredentials").GetProperty("tokenUrl").GetString());
    }

    [Fact]
    public async Task Document_HasAParametersSchemaForEveryTemplate_WithItsProperties()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");
        var catalog = server.Services.GetRequiredService<TemplateCatalog>();

        Assert.NotEmpty(catalog.Templates);
        Assert.All(catalog.Templates, template =>
        {
            var schema = schemas.GetProperty("Parameters." + template.Name);
            Assert.Equal("object", schema.GetProperty("type").GetString());
            Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
            Assert.Equal(
                template.Parameters.Select(p => p.Name).Order(StringComparer.Ordinal),
                schema.TryGetProperty("properties", out var properties)
                    ? properties.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)
                    : []);
        });
    }

    [Fact]
    public async Task ExecuteBody_IsOneOfTheTemplates_DiscriminatedByTemplate()
    {
        var document = await DocumentAsync();
        var operation = document.GetProperty("paths").GetProperty("/execute").GetProperty("post");
        var body = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var oneOf = body.GetProperty("allOf")[1];
        var catalog = server.Services.GetRequiredService<TemplateCatalog>();

        Assert.Equal("template", oneOf.GetProperty("discriminator").GetProperty("propertyName").GetString());
        Assert.Equal(catalog.Templates.Count, oneOf.GetProperty("oneOf").GetArrayLength());
        Assert.True(operation.GetProperty("security")[0].TryGetProperty("Bearer", out _));
    }

    [Fact]
    public async Task AnonymousOperation_HasNoSecurityRequirement()
    {
        var operation = (await DocumentAsync()).GetProperty("paths").GetProperty("/test/open").GetProperty("get");

        Assert.False(operation.TryGetProperty("security", out _));
    }

    [Fact]
    public async Task Docs_IsHtmlWhoseScriptsComeFromThisServer()
    {
        using var response = await server.Client.GetAsync("/docs");
        var html = await response.Content.ReadAsStringAsync();
        var scripts = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.NotEmpty(scripts);
        Assert.DoesNotContain("cdn.", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("fonts.", html, StringComparison.OrdinalIgnoreCase);
        foreach (var script in scripts)
        {
            Assert.False(Uri.TryCreate(script, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal), script);
            using var asset = await server.Client.GetAsync(new Uri(new Uri(server.Client.BaseAddress!, "/docs/"), script));
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        }
    }

    [Fact]
    public async Task Disabled_ServesNeitherDocumentNorDocs()
    {
        await using var disabled = await StartAsync(null, "--SecureExec:OpenApi:Enabled=false");

        using var document = await disabled.Client.GetAsync("/openapi/v1.json");
        using var docs = await disabled.Client.GetAsync("/docs");

        Assert.Equal(HttpStatusCode.NotFound, document.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, docs.StatusCode);
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var response = await server.Client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadJsonAsync(response);
    }

    [GeneratedRegex("<script[^>]*\\ssrc=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
