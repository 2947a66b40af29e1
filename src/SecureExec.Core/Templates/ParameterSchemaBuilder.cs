using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecureExec.Core.Templates;

/// <summary>
/// Describes a template's <c>parameters</c> object as JSON Schema (2020-12), for the API, the console's forms and
/// agents. The server's validator stays the authority; rules JSON Schema cannot say are carried as <c>x-</c> keywords.
/// </summary>
public static class ParameterSchemaBuilder
{
    public static JsonElement Build(CommandTemplate template)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var parameter in template.Parameters)
        {
            properties[parameter.Name] = Describe(parameter);
            if (parameter.Required && parameter.Default is null)
            {
                required.Add(parameter.Name);
            }
        }

        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = template.Name,
            ["description"] = template.Description,
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = required,
            ["additionalProperties"] = false,
        };
        return JsonSerializer.SerializeToElement(schema);
    }

    private static JsonObject Describe(ParameterDefinition parameter)
    {
        var schema = new JsonObject { ["x-type"] = parameter.Type.Name() };
        switch (parameter.Type)
        {
            case ParameterType.Int:
                schema["type"] = "integer";
                break;
            case ParameterType.Port:
                schema["type"] = "integer";
                schema["minimum"] = 1;
                schema["maximum"] = 65535;
                break;
            case ParameterType.Float:
                schema["type"] = "number";
                break;
            case ParameterType.Bool:
                schema["type"] = "boolean";
                break;
            case ParameterType.Hostname:
                schema["type"] = "string";
                schema["format"] = "hostname";
                break;
            case ParameterType.Ip:
                schema["type"] = "string";
                schema["anyOf"] = new JsonArray(new JsonObject { ["format"] = "ipv4" }, new JsonObject { ["format"] = "ipv6" });
                break;
            default:
                schema["type"] = "string";
                break;
        }

        if (parameter.Description is not null)
        {
            schema["description"] = parameter.Description;
        }

        if (parameter.AllowedValues.Count > 0)
        {
            schema["enum"] = new JsonArray(parameter.AllowedValues.Select(v => TypedNode(parameter.Type, v)).ToArray());
        }

        SetIfPresent(schema, "minLength", parameter.MinLength);
        SetIfPresent(schema, "maxLength", parameter.MaxLength);
        SetIfPresent(schema, "minimum", parameter.MinValue);
        SetIfPresent(schema, "maximum", parameter.MaxValue);
        if (parameter.Pattern is not null)
        {
            schema["pattern"] = $"^(?:{parameter.Pattern.Source})$";
        }

        if (parameter.Default is not null)
        {
            schema["default"] = TypedNode(parameter.Type, parameter.Default.Text);
        }

        if (parameter.AllowedPaths.Count > 0)
        {
            schema["x-allowedPaths"] = new JsonArray(parameter.AllowedPaths.Select(p => (JsonNode)p).ToArray());
        }

        if (parameter.ForbiddenPaths.Count > 0)
        {
            schema["x-forbiddenPaths"] = new JsonArray(parameter.ForbiddenPaths.Select(p => (JsonNode)p).ToArray());
        }

        if (parameter.Sensitive)
        {
            schema["writeOnly"] = true;
            schema["x-sensitive"] = true;
        }

        schema["x-allowLeadingDash"] = parameter.AllowLeadingDash;
        schema["x-allowShellSyntax"] = parameter.AllowShellSyntax;
        return schema;
    }

    private static JsonNode? TypedNode(ParameterType type, string text) => type switch
    {
        ParameterType.Int or ParameterType.Port => JsonValue.Create(long.Parse(text, System.Globalization.CultureInfo.InvariantCulture)),
        ParameterType.Float => JsonValue.Create(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture)),
        ParameterType.Bool => JsonValue.Create(text == "true"),
        _ => JsonValue.Create(text),
    };

    private static void SetIfPresent(JsonObject schema, string key, double? value)
    {
        if (value is { } v)
        {
            schema[key] = v == Math.Floor(v) && Math.Abs(v) < 1e15 ? JsonValue.Create((long)v) : JsonValue.Create(v);
        }
    }
}
