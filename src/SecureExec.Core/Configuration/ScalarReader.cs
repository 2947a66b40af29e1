using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SecureExec.Core.Configuration;

/// <summary>Reads typed scalars from the YAML tree (YAML 1.2 core schema), reporting a wrong kind at its position.</summary>
internal static partial class ScalarReader
{
    [GeneratedRegex(@"\A[-+]?[0-9]+\z")]
    private static partial Regex PlainInteger();

    [GeneratedRegex(@"\A[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\z")]
    private static partial Regex PlainFloat();

    [GeneratedRegex(@"\A([0-9]+(?:\.[0-9]+)?)\s*(b|k|kb|ki|kib|m|mb|mi|mib|g|gb|gi|gib)?\z", RegexOptions.IgnoreCase)]
    private static partial Regex Size();

    [GeneratedRegex(@"\A([0-9]+)\s*(s|m|h)?\z")]
    private static partial Regex Duration();

    public static string? String(YamlTreeNode? node, string what, LoadContext context)
    {
        switch (node)
        {
            case null:
            case YamlScalarNode { IsNull: true }:
                return null;
            case YamlScalarNode scalar:
                return scalar.Value;
            default:
                context.Error(node, context.Codes.WrongKind, $"{what} must be text, not {node.KindName}");
                return null;
        }
    }

    public static bool? Bool(YamlTreeNode? node, string what, LoadContext context)
    {
        if (node is null or YamlScalarNode { IsNull: true })
        {
            return null;
        }

        if (node is YamlScalarNode { IsPlain: true } scalar)
        {
            switch (scalar.Value)
            {
                case "true" or "True" or "TRUE":
                    return true;
                case "false" or "False" or "FALSE":
                    return false;
            }
        }

        context.Error(node, context.Codes.WrongKind, $"{what} must be true or false");
        return null;
    }

    public static long? Integer(YamlTreeNode? node, string what, LoadContext context)
    {
        if (node is null or YamlScalarNode { IsNull: true })
        {
            return null;
        }

        if (node is YamlScalarNode { IsPlain: true } scalar && PlainInteger().IsMatch(scalar.Value)
            && long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        context.Error(node, context.Codes.WrongKind, $"{what} must be a whole number");
        return null;
    }

    public static double? Number(YamlTreeNode? node, string what, LoadContext context)
    {
        if (node is null or YamlScalarNode { IsNull: true })
        {
            return null;
        }

        if (node is YamlScalarNode { IsPlain: true } scalar && PlainFloat().IsMatch(scalar.Value)
            && double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        context.Error(node, context.Codes.WrongKind, $"{what} must be a number");
        return null;
    }

    /// <summary>A byte size: a whole number of bytes, or a number with a unit such as <c>512m</c>, <c>1g</c>, <c>64KiB</c>.</summary>
    public static long? ByteSize(YamlTreeNode? node, string what, LoadContext context)
    {
        if (node is null or YamlScalarNode { IsNull: true })
        {
            return null;
        }

        var match = node is YamlScalarNode scalar ? Size().Match(scalar.Value.Trim()) : Match.Empty;
        if (match.Success && double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
        {
            var unit = match.Groups[2].Value.ToLowerInvariant();
            var factor = unit.Length == 0 || unit == "b" ? 1L : unit[0] switch { 'k' => 1L << 10, 'm' => 1L << 20, _ => 1L << 30 };
            var bytes = amount * factor;
            if (bytes <= long.MaxValue)
            {
                return (long)bytes;
            }
        }

        context.Error(node, context.Codes.InvalidValue, $"{what} must be a size such as 512m, 1g or 65536 (bytes)");
        return null;
    }

    /// <summary>A duration: whole seconds, or a number with <c>s</c>, <c>m</c> or <c>h</c>.</summary>
    public static TimeSpan? Duration(YamlTreeNode? node, string what, LoadContext context)
    {
        if (node is null or YamlScalarNode { IsNull: true })
        {
            return null;
        }

        var match = node is YamlScalarNode scalar ? Duration().Match(scalar.Value.Trim()) : Match.Empty;
        if (match.Success && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount < 1_000_000)
        {
            return match.Groups[2].Value switch
            {
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromSeconds(amount),
            };
        }

        context.Error(node, context.Codes.InvalidValue, $"{what} must be whole seconds, or a number with s, m or h (30, 90s, 5m)");
        return null;
    }

    /// <summary>A list of text items; a single text is accepted as a list of one.</summary>
    public static IReadOnlyList<YamlScalarNode>? TextList(YamlTreeNode? node, string what, LoadContext context)
    {
        switch (node)
        {
            case null:
            case YamlScalarNode { IsNull: true }:
                return null;
            case YamlScalarNode scalar:
                return [scalar];
            case YamlSequenceNode sequence:
                var items = new List<YamlScalarNode>();
                foreach (var item in sequence.Items)
                {
                    if (item is YamlScalarNode { IsNull: false } text)
                    {
                        items.Add(text);
                    }
                    else
                    {
                        context.Error(item, context.Codes.WrongKind, $"each item of {what} must be text, not {(item is YamlScalarNode ? "null" : item.KindName)}");
                    }
                }

                return items;
            default:
                context.Error(node, context.Codes.WrongKind, $"{what} must be a list, not {node.KindName}");
                return null;
        }
    }

    /// <summary>A scalar as the JSON value a request would send: plain scalars follow the YAML core schema, quoted ones are strings.</summary>
    public static JsonElement ToJson(YamlScalarNode scalar)
    {
        string json;
        if (!scalar.IsPlain)
        {
            json = JsonSerializer.Serialize(scalar.Value);
        }
        else if (scalar.IsNull)
        {
            json = "null";
        }
        else if (scalar.Value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            json = scalar.Value.ToLowerInvariant();
        }
        else if (PlainInteger().IsMatch(scalar.Value) || PlainFloat().IsMatch(scalar.Value))
        {
            json = scalar.Value.TrimStart('+');
            json = json.StartsWith('.') ? "0" + json : json.StartsWith("-.", StringComparison.Ordinal) ? "-0" + json[1..] : json;
            json = json.EndsWith('.') ? json + "0" : json.Replace(".e", ".0e", StringComparison.OrdinalIgnoreCase);
        }
        else
        {
            json = JsonSerializer.Serialize(scalar.Value);
        }

        try
        {
            return JsonDocument.Parse(json).RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonDocument.Parse(JsonSerializer.Serialize(scalar.Value)).RootElement.Clone();
        }
    }
}
