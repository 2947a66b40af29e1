using System.Text.Json;
using static SecureExec.Core.Tests.TestSupport;

namespace SecureExec.Core.Tests.Templates;

public sealed class ParameterSchemaTests
{
    [Fact]
    public void Schema_DescribesEveryParameterWithItsRules()
    {
        var template = Template(
            "tool {name} {count} {level} {path} {host} {addr} {port} {flag} {ratio} {token}",
            """
            {name: {type: string, description: "Name", pattern: "[a-z]+", min_length: 1, max_length: 10},
             count: {type: int, required: false, default: 3, min_value: 1, max_value: 9},
             level: {type: enum, allowed_values: [low, high]},
             path: {type: path, allowed_paths: [/srv], forbidden_paths: [/srv/secret]},
             host: {type: hostname}, addr: {type: ip}, port: {type: port},
             flag: {type: bool, required: false}, ratio: {type: float, required: false, min_value: 0.5},
             token: {type: string, sensitive: true, required: false}}
            """.ReplaceLineEndings(" "));

        var schema = template.ParametersSchema;
        var properties = schema.GetProperty("properties");

        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(["name", "level", "path", "host", "addr", "port"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        var name = properties.GetProperty("name");
        Assert.Equal(("string", "Name", "^(?:[a-z]+)$", 1, 10), (name.GetProperty("type").GetString(), name.GetProperty("description").GetString(),
            name.GetProperty("pattern").GetString(), name.GetProperty("minLength").GetInt32(), name.GetProperty("maxLength").GetInt32()));
        var count = properties.GetProperty("count");
        Assert.Equal(("integer", 1, 9, 3), (count.GetProperty("type").GetString(), count.GetProperty("minimum").GetInt32(),
            count.GetProperty("maximum").GetInt32(), count.GetProperty("default").GetInt32()));
        Assert.Equal(["low", "high"], properties.GetProperty("level").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("/srv", properties.GetProperty("path").GetProperty("x-allowedPaths")[0].GetString());
        Assert.Equal("/srv/secret", properties.GetProperty("path").GetProperty("x-forbiddenPaths")[0].GetString());
        Assert.Equal("hostname", properties.GetProperty("host").GetProperty("format").GetString());
        Assert.Equal(2, properties.GetProperty("addr").GetProperty("anyOf").GetArrayLength());
        Assert.Equal((1, 65535), (properties.GetProperty("port").GetProperty("minimum").GetInt32(), properties.GetProperty("port").GetProperty("maximum").GetInt32()));
        Assert.Equal("boolean", properties.GetProperty("flag").GetProperty("type").GetString());
        Assert.Equal(0.5, properties.GetProperty("ratio").GetProperty("minimum").GetDouble());
        Assert.True(properties.GetProperty("token").GetProperty("writeOnly").GetBoolean());
    }

    [Fact]
    public void Schema_OfTemplateWithoutParameters_AcceptsOnlyAnEmptyObject()
    {
        var schema = Template("uptime").ParametersSchema;

        Assert.Equal(JsonValueKind.Object, schema.GetProperty("properties").ValueKind);
        Assert.Empty(schema.GetProperty("properties").EnumerateObject());
        Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
    }
}
