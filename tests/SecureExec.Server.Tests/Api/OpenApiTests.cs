using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SecureExec.Core.Authorization;
using SecureExec.Core.Templates;

namespace SecureExec.Server.Tests.Api;

/// <summary>The OpenAPI document and the interactive reference, as a client fetches them.</summary>
public sealed partial class OpenApiTests(OpenApiTests.Server server) : IClassFixture<OpenApiTests.Server>
{
    public sealed class Server : ArrangedServerFixture
    {
        protected override void Arrange(WebApplication app) => app.MapGet("/test/open", () => "open");
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
    public async Task AnonymousDocument_NamesNoTemplate_AndExecuteHasOnlyTheGenericBody()
    {
        using var response = await server.Client.GetAsync("/openapi/v1.json");
        var text = await response.Content.ReadAsStringAsync();
        var document = JsonDocument.Parse(text).RootElement;
        var body = ExecuteSchema(document);

        Assert.Empty(TemplateSchemas(document));
        Assert.All(Catalog.Templates, t => Assert.False(Names(text, t.Name), t.Name));
        Assert.False(body.TryGetProperty("allOf", out _));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("operator")]
    [InlineData("admin")]
    public async Task TokenDocument_HasExactlyTheTemplatesTheTokenMayRun_WithTheirProperties(string role)
    {
        var runnable = Runnable(role);
        var document = await DocumentAsync(await TokenAsync(role));
        var schemas = document.GetProperty("components").GetProperty("schemas");

        Assert.NotEmpty(runnable);
        Assert.Equal(runnable.Select(t => t.Name).Order(StringComparer.Ordinal), TemplateSchemas(document));
        Assert.All(runnable, template =>
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
    public async Task ViewerDocument_LeavesOutFileReadTemplates()
    {
        var fileRead = Catalog.Templates.Where(t => t.RequiredScopes.Contains("file:read")).Select(t => t.Name).ToList();
        var text = (await DocumentAsync(await TokenAsync("viewer"))).GetRawText();

        Assert.NotEmpty(fileRead);
        Assert.All(fileRead, name => Assert.False(Names(text, name), name));
        Assert.All(Runnable("viewer"), t => Assert.True(Names(text, t.Name), t.Name));
    }

    [Fact]
    public async Task Document_IsMadeForEachCaller_NeverReusedForTheNext()
    {
        var viewer = await TokenAsync("viewer");

        var before = await DocumentAsync();
        var forViewer = await DocumentAsync(viewer);
        var after = await DocumentAsync();

        Assert.Empty(TemplateSchemas(before));
        Assert.Equal(Runnable("viewer").Count, TemplateSchemas(forViewer).Count);
        Assert.Empty(TemplateSchemas(after));
    }

    [Fact]
    public async Task ExecuteBody_IsOneOfTheCallersTemplates_DiscriminatedByTemplate()
    {
        var document = await DocumentAsync(await TokenAsync("operator"));
        var operation = document.GetProperty("paths").GetProperty("/execute").GetProperty("post");
        var oneOf = ExecuteSchema(document).GetProperty("allOf")[1];

        Assert.Equal("template", oneOf.GetProperty("discriminator").GetProperty("propertyName").GetString());
        Assert.Equal(Runnable("operator").Count, oneOf.GetProperty("oneOf").GetArrayLength());
        Assert.True(operation.GetProperty("security")[0].TryGetProperty("Bearer", out _));
    }

    [Theory]
    [InlineData("/execute", "post")]
    [InlineData("/jobs", "get")]
    [InlineData("/jobs/{id}/cancel", "post")]
    [InlineData("/commands", "get")]
    [InlineData("/audit/logs", "get")]
    [InlineData("/admin/users", "get")]
    [InlineData("/auth/me", "get")]
    [InlineData("/health/live", "get")]
    [InlineData("/health/ready", "get")]
    [InlineData("/metrics", "get")]
    public async Task Document_DescribesTheRoute(string path, string method)
    {
        var paths = (await DocumentAsync()).GetProperty("paths");

        Assert.True(paths.TryGetProperty(path, out var item) || paths.TryGetProperty(path + "/", out item), path);
        Assert.True(item.TryGetProperty(method, out _), $"{method} {path}");
    }

    [Fact]
    public async Task EveryOperation_HasAnOperationIdASummaryAndATag()
    {
        var operations = (await DocumentAsync()).GetProperty("paths").EnumerateObject()
            .Where(p => !p.Name.StartsWith("/test/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Route: $"{o.Name} {p.Name}", Operation: o.Value)))
            .ToList();

        Assert.NotEmpty(operations);
        Assert.All(operations, o =>
        {
            Assert.False(string.IsNullOrWhiteSpace(o.Operation.TryGetProperty("operationId", out var id) ? id.GetString() : null), o.Route + ": operationId");
            Assert.False(string.IsNullOrWhiteSpace(o.Operation.TryGetProperty("summary", out var summary) ? summary.GetString() : null), o.Route + ": summary");
            Assert.True(o.Operation.TryGetProperty("tags", out var tags) && tags.GetArrayLength() > 0, o.Route + ": tags");
        });
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
        await using var disabled = await ArrangedServer.StartAsync(null, "--SecureExec:OpenApi:Enabled=false");

        using var document = await disabled.Client.GetAsync("/openapi/v1.json");
        using var docs = await disabled.Client.GetAsync("/docs");

        Assert.Equal(HttpStatusCode.NotFound, document.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, docs.StatusCode);
    }

    private TemplateCatalog Catalog => server.Services.GetRequiredService<TemplateCatalog>();

    private List<CommandTemplate> Runnable(string role)
    {
        var scopes = server.Services.GetRequiredService<PermissionPolicy>().ScopesOf([role]);
        return [.. Catalog.Templates.Where(t => PermissionPolicy.CanRun(t, scopes))];
    }

    private Task<string> TokenAsync(string role) => server.Server.TokenForNewUserAsync($"{role}-{Guid.NewGuid():N}", role);

    private async Task<JsonElement> DocumentAsync(string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    /// <summary>Whether the document names the template: as a value or key, in a schema's name, or in a scope's list.</summary>
    private static bool Names(string document, string template) =>
        document.Contains($"\"{template}\"", StringComparison.Ordinal)
        || document.Contains($".{template}\"", StringComparison.Ordinal)
        || Regex.IsMatch(document, $"Templates[^\"]*\\b{Regex.Escape(template)}\\b");

    private static List<string> TemplateSchemas(JsonElement document) =>
        [.. document.GetProperty("components").GetProperty("schemas").EnumerateObject()
            .Where(s => s.Name.StartsWith("Parameters.", StringComparison.Ordinal)).Select(s => s.Name["Parameters.".Length..]).Order(StringComparer.Ordinal)];

    private static JsonElement ExecuteSchema(JsonElement document) =>
        document.GetProperty("paths").GetProperty("/execute").GetProperty("post").GetProperty("requestBody")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema");

    [GeneratedRegex("<script[^>]*\\ssrc=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
