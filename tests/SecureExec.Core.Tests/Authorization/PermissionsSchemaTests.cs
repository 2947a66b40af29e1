using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using SecureExec.Core.Authorization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using static SecureExec.Core.Tests.TestSupport;

namespace SecureExec.Core.Tests.Authorization;

/// <summary>
/// The editor schema <c>config/permissions.schema.json</c> against the loader: same keys at every level, and the
/// same verdict on every document the schema can decide (the loader checks more than a schema can say).
/// </summary>
public sealed class PermissionsSchemaTests
{
    private static readonly string SchemaText = File.ReadAllText(Path.Combine(RepositoryRoot, "config", "permissions.schema.json"));

    private static readonly JsonSchema Schema = JsonSchema.FromText(SchemaText);

    private static readonly JsonElement SchemaJson = JsonDocument.Parse(SchemaText).RootElement.Clone();

    [Fact]
    public void ShippedPermissions_MatchSchema_AndReferenceItOnTheFirstLine()
    {
        var path = Path.Combine(RepositoryRoot, "config", "permissions.yaml");

        Assert.True(Evaluate(File.ReadAllText(path)).IsValid);
        Assert.Equal("# yaml-language-server: $schema=./permissions.schema.json", File.ReadLines(path).First());
    }

    [Fact]
    public void Schema_KeysEqualPermissionKeys_AndEachIsDescribed()
    {
        Assert.Equal(PermissionKeys.Root, SchemaJson.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        var role = SchemaJson.GetProperty("$defs").GetProperty("role");
        Assert.Equal(PermissionKeys.Role, role.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.False(SchemaJson.GetProperty("additionalProperties").GetBoolean());
        Assert.False(role.GetProperty("additionalProperties").GetBoolean());
        Assert.All(role.GetProperty("properties").EnumerateObject(), p => Assert.True(p.Value.TryGetProperty("description", out _), p.Name));
    }

    public static TheoryData<string, string, string> InvalidDocuments => new()
    {
        // why, loader code, yaml
        { "no roles", PermissionErrorCodes.MissingKey, "roles: {}" },
        { "unknown top-level key", PermissionErrorCodes.UnknownKey, "roles: {a: {scopes: [x]}}\nusers: {}" },
        { "unknown role key", PermissionErrorCodes.UnknownKey, "roles: {a: {scopes: [x], scope: [y]}}" },
        { "bad role name", PermissionErrorCodes.InvalidRoleName, "roles: {\"a b\": {scopes: [x]}}" },
        { "scope with a space", PermissionErrorCodes.InvalidScope, "roles: {a: {scopes: [\"x y\"]}}" },
        { "scope with a quote", PermissionErrorCodes.InvalidScope, "roles: {a: {scopes: ['x\"y']}}" },
        { "empty scope", PermissionErrorCodes.InvalidScope, "roles: {a: {scopes: [\"\"]}}" },
        { "scope twice", PermissionErrorCodes.Duplicate, "roles: {a: {scopes: [x, x]}}" },
        { "include twice", PermissionErrorCodes.Duplicate, "roles: {a: {scopes: [x]}, b: {includes: [a, a]}}" },
        { "empty role", PermissionErrorCodes.EmptyRole, "roles: {a: {}}" },
        { "empty lists", PermissionErrorCodes.EmptyRole, "roles: {a: {scopes: [], includes: []}}" },
        { "description only", PermissionErrorCodes.EmptyRole, "roles: {a: {description: x}}" },
        { "role as a list", PermissionErrorCodes.WrongKind, "roles: {a: [x]}" },
        { "scopes as a mapping", PermissionErrorCodes.WrongKind, "roles: {a: {scopes: {x: y}}}" },
    };

    [Theory]
    [MemberData(nameof(InvalidDocuments))]
    public void InvalidDocument_SchemaAndLoaderBothRefuse(string why, string loaderCode, string yaml)
    {
        Assert.False(Evaluate(yaml).IsValid, $"schema should refuse: {why}");
        Assert.Contains(PermissionsLoader.LoadText(yaml).Errors, e => e.Code == loaderCode);
    }

    public static TheoryData<string, string> ValidDocuments => new()
    {
        { "scopes only", "roles: {a: {scopes: [\"file:read\"]}}" },
        { "one scope without a list", "roles: {a: {scopes: \"file:read\"}}" },
        { "includes only", "roles: {a: {scopes: [x]}, b: {includes: [a]}}" },
        { "one include without a list", "roles: {a: {scopes: [x]}, b: {includes: a}}" },
        { "empty scopes with includes", "roles: {a: {scopes: [x]}, b: {scopes: [], includes: [a], description: \"b\"}}" },
        { "reserved scopes", "roles: {a: {scopes: [\"audit:read\", \"jobs:read:all\", admin]}}" },
    };

    [Theory]
    [MemberData(nameof(ValidDocuments))]
    public void ValidDocument_SchemaAndLoaderBothAccept(string why, string yaml)
    {
        Assert.True(Evaluate(yaml).IsValid, $"schema should accept: {why}");
        Assert.True(PermissionsLoader.LoadText(yaml).Succeeded, string.Join("\n", PermissionsLoader.LoadText(yaml).Errors));
    }

    private static EvaluationResults Evaluate(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Schema.Evaluate(JsonSerializer.SerializeToElement(ToNode(stream.Documents[0].RootNode)));
    }

    /// <summary>Every value in this format is text, a list or a mapping: plain nulls become null, every other scalar text.</summary>
    private static JsonNode? ToNode(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(e => KeyValuePair.Create(((YamlScalarNode)e.Key).Value!, ToNode(e.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToNode).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "" or "~" or "null" } => null,
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? ""),
        _ => throw new NotSupportedException(node.NodeType.ToString()),
    };
}
