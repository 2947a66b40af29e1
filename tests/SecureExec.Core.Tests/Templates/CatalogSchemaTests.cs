using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using SecureExec.Core.Configuration;
using SecureExec.Core.Templates;
using SecureExec.Core.Templates.Loading;

namespace SecureExec.Core.Tests.Templates;

/// <summary>
/// The editor schema <c>config/command_templates.schema.json</c> against the loader: same keys at every level, and
/// the same verdict on every document the schema can decide (the loader checks more than a schema can say).
/// </summary>
public sealed partial class CatalogSchemaTests
{
    /// <summary>The README example of the original project, verbatim.</summary>
    private static readonly string SeedReadmeExample = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "seed-readme-example.yaml"));

    private static readonly string RepositoryRoot = Testing.Repository.Root;

    private static readonly string SchemaText = File.ReadAllText(Path.Combine(RepositoryRoot, "config", "command_templates.schema.json"));

    private static readonly JsonSchema Schema = JsonSchema.FromText(SchemaText);

    private static readonly JsonElement SchemaJson = JsonDocument.Parse(SchemaText).RootElement.Clone();

    [Fact]
    public void ShippedCatalog_MatchesSchema()
    {
        var path = Path.Combine(RepositoryRoot, "config", "command_templates.yaml");
        var loaded = CatalogLoader.LoadFile(path);
        Assert.True(loaded.Succeeded, string.Join(Environment.NewLine, loaded.Errors));

        AssertSchemaAccepts(File.ReadAllText(path));
    }

    [Fact]
    public void ShippedCatalog_ReferencesSchemaOnFirstLine()
    {
        var firstLine = File.ReadLines(Path.Combine(RepositoryRoot, "config", "command_templates.yaml")).First();
        Assert.Equal("# yaml-language-server: $schema=./command_templates.schema.json", firstLine);
    }

    [Fact]
    public void SeedReadmeExample_MatchesSchema()
    {
        var loaded = CatalogLoader.LoadText(SeedReadmeExample);
        Assert.True(loaded.Succeeded, string.Join(Environment.NewLine, loaded.Errors));

        AssertSchemaAccepts(SeedReadmeExample);
    }

    [Fact]
    public void Schema_IsValidDraft202012()
    {
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", SchemaJson.GetProperty("$schema").GetString());
        var result = MetaSchemas.Draft202012.Evaluate(SchemaJson, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, Describe(result));
    }

    public static TheoryData<string, string> Levels => new()
    {
        { "root", "/properties" },
        { "template", "/$defs/template/properties" },
        { "permissions", "/$defs/permissions/properties" },
        { "parameter", "/$defs/parameter/properties" },
    };

    [Theory]
    [MemberData(nameof(Levels))]
    public void Schema_PropertyNames_EqualCatalogKeys(string level, string pointer)
    {
        var expected = level switch
        {
            "root" => CatalogKeys.Root,
            "template" => CatalogKeys.Template,
            "permissions" => CatalogKeys.Permissions,
            _ => CatalogKeys.Parameter,
        };

        var actual = Resolve(pointer).EnumerateObject().Select(p => p.Name).ToList();

        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void Schema_EveryLevel_RefusesUnknownKeysAndDescribesEachKey(string level, string pointer)
    {
        var parent = Resolve(pointer[..pointer.LastIndexOf('/')]);
        Assert.False(parent.GetProperty("additionalProperties").GetBoolean(), $"{level} must set additionalProperties: false");
        foreach (var key in Resolve(pointer).EnumerateObject())
        {
            Assert.True(
                key.Value.TryGetProperty("description", out var description) && description.GetString()!.Length > 0,
                $"{level} key '{key.Name}' has no description");
        }
    }

    [Fact]
    public void Schema_ParameterTypes_EqualTheNineTypes()
    {
        var expected = Enum.GetValues<ParameterType>().Select(t => t.ToString().ToLowerInvariant());
        var actual = Resolve("/$defs/parameter/properties/type/enum").EnumerateArray().Select(e => e.GetString()!);

        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
    }

    /// <summary>Documents the schema must refuse; each row also names the loader's error, so both must agree.</summary>
    [Theory]
    [InlineData("unknown root key", "CAT002", "templates: {t: {command: uptime, permissions: {required_scopes: [s]}}}\nversion: 2")]
    [InlineData("unknown template key", "CAT002", "templates: {t: {command: uptime, permissions: {required_scopes: [s]}, user: root}}")]
    [InlineData("misspelt template key", "CAT002", "templates: {t: {command: uptime, permissions: {required_scopes: [s]}, memory_limt: 64m}}")]
    [InlineData("unknown permissions key", "CAT002", "templates: {t: {command: uptime, permissions: {required_scopes: [s], roles: [admin]}}}")]
    [InlineData("unknown parameter key", "CAT002", "templates: {t: {command: 'echo {v}', parameters: {v: {type: string, regex: a}}, permissions: {required_scopes: [s]}}}")]
    [InlineData("unknown type", "CAT005", "templates: {t: {command: 'echo {v}', parameters: {v: {type: text}}, permissions: {required_scopes: [s]}}}")]
    [InlineData("type in capitals", "CAT005", "templates: {t: {command: 'echo {v}', parameters: {v: {type: String}}, permissions: {required_scopes: [s]}}}")]
    [InlineData("parameter without type", "CAT004", "templates: {t: {command: 'echo {v}', parameters: {v: {required: true}}, permissions: {required_scopes: [s]}}}")]
    [InlineData("no templates", "CAT004", "templates: {}")]
    [InlineData("template without command", "CAT004", "templates: {t: {permissions: {required_scopes: [s]}}}")]
    [InlineData("template without permissions", "CAT004", "templates: {t: {command: uptime}}")]
    [InlineData("empty scope list", "CAT004", "templates: {t: {command: uptime, permissions: {required_scopes: []}}}")]
    [InlineData("scope with a space", "CAT013", "templates: {t: {command: uptime, permissions: {required_scopes: ['file read']}}}")]
    [InlineData("empty argv list", "CAT016", "templates: {t: {command: [], permissions: {required_scopes: [s]}}}")]
    [InlineData("bad template name", "CAT013", "templates: {'-t': {command: uptime, permissions: {required_scopes: [s]}}}")]
    [InlineData("bad parameter name", "CAT013", "templates: {t: {command: 'echo {v}', parameters: {1v: {type: string}}, permissions: {required_scopes: [s]}}}")]
    [InlineData("timeout twice", "CAT015", "templates: {t: {command: uptime, timeout: 10, permissions: {required_scopes: [s], max_execution_time: 10}}}")]
    [InlineData("rootfs twice", "CAT015", "templates: {t: {command: uptime, rootfs: /srv/a, sandbox_image: /srv/b, permissions: {required_scopes: [s]}}}")]
    [InlineData("pattern twice", "CAT015", "templates: {t: {command: 'echo {v}', parameters: {v: {type: string, validation: a, pattern: a}}, permissions: {required_scopes: [s]}}}")]
    [InlineData("duration in days", "CAT013", "templates: {t: {command: uptime, timeout: 2d, permissions: {required_scopes: [s]}}}")]
    [InlineData("duration zero", "CAT013", "templates: {t: {command: uptime, timeout: 0, permissions: {required_scopes: [s]}}}")]
    [InlineData("duration over a day", "CAT013", "templates: {t: {command: uptime, timeout: 86401, permissions: {required_scopes: [s]}}}")]
    [InlineData("quoted boolean", "CAT003", "templates: {t: {command: uptime, allow_network: 'true', permissions: {required_scopes: [s]}}}")]
    [InlineData("yes is not a boolean", "CAT003", "templates: {t: {command: uptime, allow_network: yes, permissions: {required_scopes: [s]}}}")]
    [InlineData("size with unknown unit", "CAT013", "templates: {t: {command: uptime, memory_limit: 512x, permissions: {required_scopes: [s]}}}")]
    [InlineData("memory below 4m", "CAT013", "templates: {t: {command: uptime, memory_limit: 1024, permissions: {required_scopes: [s]}}}")]
    [InlineData("cpu zero", "CAT013", "templates: {t: {command: uptime, cpu_limit: 0, permissions: {required_scopes: [s]}}}")]
    [InlineData("quoted cpu", "CAT003", "templates: {t: {command: uptime, cpu_limit: '0.5', permissions: {required_scopes: [s]}}}")]
    [InlineData("processes zero", "CAT013", "templates: {t: {command: uptime, max_processes: 0, permissions: {required_scopes: [s]}}}")]
    [InlineData("open files below 16", "CAT013", "templates: {t: {command: uptime, max_open_files: 8, permissions: {required_scopes: [s]}}}")]
    [InlineData("relative rootfs", "CAT013", "templates: {t: {command: uptime, rootfs: srv/root, permissions: {required_scopes: [s]}}}")]
    [InlineData("reserved variable", "CAT013", "templates: {t: {command: uptime, environment: {LD_PRELOAD: /x.so}, permissions: {required_scopes: [s]}}}")]
    [InlineData("PATH is fixed", "CAT013", "templates: {t: {command: uptime, environment: {PATH: /bin}, permissions: {required_scopes: [s]}}}")]
    [InlineData("enum without values", "CAT004", "templates: {t: {command: 'echo {v}', parameters: {v: {type: enum}}, permissions: {required_scopes: [s]}}}")]
    [InlineData("null allowed_values", "CAT003", "templates: {t: {command: 'echo {v}', parameters: {v: {type: enum, allowed_values: }}, permissions: {required_scopes: [s]}}}")]
    [InlineData("length rule on int", "CAT014", "templates: {t: {command: 'echo {v}', parameters: {v: {type: int, max_length: 3}}, permissions: {required_scopes: [s]}}}")]
    [InlineData("value rule on string", "CAT014", "templates: {t: {command: 'echo {v}', parameters: {v: {type: string, max_value: 3}}, permissions: {required_scopes: [s]}}}")]
    [InlineData("paths rule on string", "CAT014", "templates: {t: {command: 'echo {v}', parameters: {v: {type: string, allowed_paths: [/srv]}}, permissions: {required_scopes: [s]}}}")]
    [InlineData("shell syntax on path", "CAT014", "templates: {t: {command: 'echo {v}', parameters: {v: {type: path, allow_shell_syntax: true}}, permissions: {required_scopes: [s]}}}")]
    [InlineData("relative allowed path", "CAT013", "templates: {t: {command: 'echo {v}', parameters: {v: {type: path, allowed_paths: [srv]}}, permissions: {required_scopes: [s]}}}")]
    [InlineData("traversal in allowed path", "CAT013", "templates: {t: {command: 'echo {v}', parameters: {v: {type: path, allowed_paths: [/srv/../etc]}}, permissions: {required_scopes: [s]}}}")]
    [InlineData("negative minimum without dash", "CAT013", "templates: {t: {command: 'echo {v}', parameters: {v: {type: int, min_value: -5}}, permissions: {required_scopes: [s]}}}")]
    [InlineData("length above a million", "CAT013", "templates: {t: {command: 'echo {v}', parameters: {v: {type: string, max_length: 1000001}}, permissions: {required_scopes: [s]}}}")]
    [InlineData("default as a list", "CAT003", "templates: {t: {command: 'echo {v}', parameters: {v: {type: string, default: [a]}}, permissions: {required_scopes: [s]}}}")]
    [InlineData("allowed value twice", "CAT012", "templates: {t: {command: 'echo {v}', parameters: {v: {type: enum, allowed_values: [a, a]}}, permissions: {required_scopes: [s]}}}")]
    public void InvalidDocument_SchemaAndLoaderBothRefuse(string why, string loaderCode, string yaml)
    {
        var loaded = CatalogLoader.LoadText(yaml);
        Assert.False(loaded.Succeeded, $"{why}: the loader accepted it");
        Assert.Contains(loaded.Errors, e => e.Code == loaderCode);

        var result = Schema.Evaluate(ToJson(yaml), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.False(result.IsValid, $"{why}: the schema accepted what the loader refuses ({string.Join("; ", loaded.Errors)})");
    }

    /// <summary>The forms the loader accepts beyond the shipped catalog's; an editor must not flag any of them.</summary>
    [Theory]
    [InlineData("argv as a list", "templates: {t: {command: [printf, '%s|%s', '{a}', '{b}'], parameters: {a: {type: string}, b: {type: string}}, permissions: {required_scopes: [s]}}}")]
    [InlineData("literal braces", "templates: {t: {command: 'echo {{x}} {v}', parameters: {v: {type: int}}, permissions: {required_scopes: [s]}}}")]
    [InlineData("single scope without list", "templates: {t: {command: uptime, permissions: {required_scopes: system:read}}}")]
    [InlineData("timeout at template level", "templates: {t: {command: uptime, timeout: 90s, permissions: {required_scopes: [s]}}}")]
    [InlineData("duration in minutes", "templates: {t: {command: uptime, permissions: {required_scopes: [s], max_execution_time: 5m}}}")]
    [InlineData("duration in hours, quoted", "templates: {t: {command: uptime, timeout: '24h', permissions: {required_scopes: [s]}}}")]
    [InlineData("sizes in every form", "templates: {t: {command: uptime, memory_limit: 64MiB, max_output: 65536, max_file_size: 0, permissions: {required_scopes: [s]}}}")]
    [InlineData("size with space and capitals", "templates: {t: {command: uptime, memory_limit: '1.5 GB', permissions: {required_scopes: [s]}}}")]
    [InlineData("every limit", "templates: {t: {command: uptime, allow_network: True, allow_file_write: false, cpu_limit: 2, max_processes: 4096, max_open_files: 16, permissions: {required_scopes: [s]}}}")]
    [InlineData("sandbox_image alias", "templates: {t: {command: uptime, sandbox_image: /srv/roots/debian, permissions: {required_scopes: [s]}}}")]
    [InlineData("environment", "templates: {t: {command: uptime, environment: {TZ: UTC, LC_ALL: C.UTF-8}, permissions: {required_scopes: [s]}}}")]
    [InlineData("null optional keys", "templates: {t: {command: uptime, description: , category: , parameters: , timeout: , memory_limit: , environment: , permissions: {required_scopes: [s]}}}")]
    [InlineData("every parameter type", "templates: {t: {command: 'x {a} {b} {c} {d} {e} {f} {g} {h} {i}', parameters: {a: {type: string}, b: {type: int}, c: {type: float}, d: {type: bool}, e: {type: path}, f: {type: enum, allowed_values: [x]}, g: {type: hostname}, h: {type: ip}, i: {type: port}}, permissions: {required_scopes: [s]}}}")]
    [InlineData("every string rule", "templates: {t: {command: 'echo {v}', parameters: {v: {type: string, required: false, default: abc, description: d, pattern: '[a-z]+', min_length: 1, max_length: 9, sensitive: true, allow_leading_dash: true, allow_shell_syntax: true}}, permissions: {required_scopes: [s]}}}")]
    [InlineData("path roots as one text", "templates: {t: {command: 'cat {v}', parameters: {v: {type: path, allowed_paths: /srv, forbidden_paths: [/srv/secret]}}, permissions: {required_scopes: [s]}}}")]
    [InlineData("negative minimum with dash", "templates: {t: {command: 'echo {v}', parameters: {v: {type: float, min_value: -1.5, max_value: 2, allow_leading_dash: true, default: -1}}, permissions: {required_scopes: [s]}}}")]
    [InlineData("allowed values of a number", "templates: {t: {command: 'echo {v}', parameters: {v: {type: port, allowed_values: [80, 443]}}, permissions: {required_scopes: [s]}}}")]
    public void ValidDocument_SchemaAndLoaderBothAccept(string why, string yaml)
    {
        var loaded = CatalogLoader.LoadText(yaml);
        Assert.True(loaded.Succeeded, $"{why}: the loader refused it: {string.Join("; ", loaded.Errors)}");

        AssertSchemaAccepts(yaml);
    }

    private static void AssertSchemaAccepts(string yaml)
    {
        var result = Schema.Evaluate(ToJson(yaml), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, Describe(result));
    }

    private static JsonElement Resolve(string pointer)
    {
        var element = SchemaJson;
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            element = element.GetProperty(segment);
        }

        return element;
    }

    private static string Describe(EvaluationResults result) =>
        string.Join(Environment.NewLine, (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}")));

    /// <summary>A YAML document as the JSON an editor validates, read exactly as the loader reads it.</summary>
    private static JsonElement ToJson(string yaml) => JsonSerializer.SerializeToElement(ToNode(YamlTreeReader.Read(yaml)!));

    private static JsonNode? ToNode(YamlTreeNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Entries.Select(e => KeyValuePair.Create(e.Key.Value, ToNode(e.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Items.Select(ToNode).ToArray()),
        YamlScalarNode scalar => JsonNode.Parse(ScalarReader.ToJson(scalar).GetRawText()),
        _ => throw new NotSupportedException(node.KindName),
    };
}
