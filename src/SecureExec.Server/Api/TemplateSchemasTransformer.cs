using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using SecureExec.Core.Templates;
using SecureExec.Server.Commands;

namespace SecureExec.Server.Api;

/// <summary>
/// A component schema <c>Parameters.&lt;template&gt;</c> per template the caller of the document request may run (from
/// <see cref="ParameterSchemaBuilder"/>), and, when <c>POST /execute</c> exists, its body constrained to one of
/// <c>{"template": name, "parameters": ...}</c>. An anonymous caller gets none: the document never enumerates the
/// catalog (unknown and forbidden templates answer the same 403 for that reason). The document is generated per
/// request, so one caller's templates never reach another.
/// </summary>
internal sealed class TemplateSchemasTransformer(TemplateCatalog catalog, IHttpContextAccessor http) : IOpenApiDocumentTransformer
{
    public const string ParametersPrefix = "Parameters.";
    public const string RequestPrefix = "ExecuteRequest.";
    public const string ExecutePath = "/execute";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        var templates = catalog.RunnableBy(http.HttpContext?.User).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        foreach (var template in templates)
        {
            document.Components.Schemas[ParametersPrefix + template.Name] = ToOpenApi(template, document);
            document.Components.Schemas[RequestPrefix + template.Name] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = template.Description,
                Required = new HashSet<string> { "template", "parameters" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["template"] = new OpenApiSchema { Type = JsonSchemaType.String, Const = template.Name },
                    ["parameters"] = new OpenApiSchemaReference(ParametersPrefix + template.Name, document),
                },
            };
        }

        if (templates.Count > 0 && ExecuteBody(document) is { } body)
        {
            var oneOf = new OpenApiSchema
            {
                OneOf = [.. templates.Select(t => (IOpenApiSchema)new OpenApiSchemaReference(RequestPrefix + t.Name, document))],
                Discriminator = new OpenApiDiscriminator
                {
                    PropertyName = "template",
                    Mapping = templates.ToDictionary(t => t.Name, t => new OpenApiSchemaReference(RequestPrefix + t.Name, document)),
                },
            };
            body.Schema = body.Schema is null ? oneOf : new OpenApiSchema { AllOf = [body.Schema, oneOf] };
        }

        return Task.CompletedTask;
    }

    private static OpenApiMediaType? ExecuteBody(OpenApiDocument document) =>
        document.Paths?.TryGetValue(ExecutePath, out var path) == true
        && path.Operations?.TryGetValue(HttpMethod.Post, out var operation) == true
        && operation.RequestBody?.Content?.TryGetValue("application/json", out var media) == true
            ? media as OpenApiMediaType
            : null;

    /// <summary>The template's JSON Schema (2020-12) read as an OpenAPI 3.1 schema; the x- keywords become extensions.</summary>
    private static OpenApiSchema ToOpenApi(CommandTemplate template, OpenApiDocument document)
    {
        var json = JsonNode.Parse(template.ParametersSchema.GetRawText())!.AsObject();
        json.Remove("$schema");
        var schema = OpenApiModelFactory.Parse<OpenApiSchema>(json.ToJsonString(), OpenApiSpecVersion.OpenApi3_1, document, out _, "json");
        return schema ?? throw new InvalidOperationException($"The parameter schema of template '{template.Name}' is not a valid OpenAPI schema.");
    }
}
