using System.Text.Json;
using SecureExec.Core.Templates;
using SecureExec.Core.Templates.Loading;
using SecureExec.Core.Templates.Validation;

namespace SecureExec.Core.Tests;

internal static class TestSupport
{
    public static string RepositoryRoot => Testing.Repository.Root;

    public static TemplateCatalog LoadCatalog(string yaml)
    {
        var result = CatalogLoader.LoadText(yaml, "test.yaml");
        Assert.True(result.Succeeded, "catalog should load, but: " + string.Join(Environment.NewLine, result.Errors));
        return result.Catalog!;
    }

    /// <summary>A catalog of one template named <c>t</c> with the given command and parameters block.</summary>
    public static CommandTemplate Template(string command, string parameters = "{}")
    {
        var yaml = $"""
            templates:
              t:
                command: {JsonSerializer.Serialize(command)}
                parameters: {parameters}
                permissions:
                  required_scopes: ["test:run"]
            """;
        return LoadCatalog(yaml).Find("t")!;
    }

    /// <summary>A template <c>echo {v}</c> whose one parameter <c>v</c> is described by the YAML flow mapping given.</summary>
    public static CommandTemplate OneParameter(string definition) => Template("echo {v}", $"{{v: {definition}}}");

    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    public static ValidationResult Validate(CommandTemplate template, string parametersJson, IPathResolver? resolver = null) =>
        new ParameterValidator(resolver ?? new LexicalResolver()).Validate(template, Json(parametersJson));

    /// <summary>Validates <c>{"v": value}</c> against a one-parameter template.</summary>
    public static ValidationResult ValidateValue(CommandTemplate template, string valueJson, IPathResolver? resolver = null) =>
        Validate(template, $$"""{"v": {{valueJson}}}""", resolver);


    /// <summary>Follows no links: for tests about lexical rules.</summary>
    public sealed class LexicalResolver : IPathResolver
    {
        public string Resolve(string normalizedPath) => normalizedPath;
    }
}
