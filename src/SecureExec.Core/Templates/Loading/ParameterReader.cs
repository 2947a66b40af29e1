using System.Globalization;
using SecureExec.Core.Configuration;
using SecureExec.Core.Templates.Validation;

namespace SecureExec.Core.Templates.Loading;

/// <summary>Reads one parameter definition, checking every rule fits its type and its default passes its own rules.</summary>
internal sealed class ParameterReader(LoadContext context)
{
    // Defaults are checked without touching the filesystem: symbolic links are the request's concern.
    private static readonly ValueValidator LexicalValidator = new(new LexicalPathResolver());

    public ParameterDefinition? Read(YamlScalarNode nameNode, YamlTreeNode node, string templateName)
    {
        var name = nameNode.Value;
        var where = $"parameter '{name}' of template '{templateName}'";
        if (!Names.IsParameterName(name))
        {
            context.Error(nameNode, CatalogErrorCodes.InvalidValue, $"parameter name '{name}' must be letters, digits and '_', not starting with a digit");
        }

        var map = MappingReader.Open(node, CatalogKeys.Parameter, where, context);
        if (map is null)
        {
            if (node is YamlScalarNode { IsNull: true })
            {
                context.Error(node, CatalogErrorCodes.MissingKey, $"{where} needs at least a 'type'");
            }

            return null;
        }

        var errorsBefore = context.ErrorCount;
        var type = ReadType(map, where);
        var pattern = ReadPattern(map, where);
        var definition = new ParameterDefinition
        {
            Name = name,
            Type = type ?? ParameterType.String,
            Required = ScalarReader.Bool(map["required"], $"{where}: required", context) ?? true,
            Description = ScalarReader.String(map["description"], $"{where}: description", context),
            Pattern = pattern,
            MinLength = ReadLength(map, "min_length", where),
            MaxLength = ReadLength(map, "max_length", where),
            MinValue = ScalarReader.Number(map["min_value"], $"{where}: min_value", context),
            MaxValue = ScalarReader.Number(map["max_value"], $"{where}: max_value", context),
            AllowedPaths = ReadRoots(map, "allowed_paths", where),
            ForbiddenPaths = ReadRoots(map, "forbidden_paths", where),
            Sensitive = ScalarReader.Bool(map["sensitive"], $"{where}: sensitive", context) ?? false,
            AllowLeadingDash = ScalarReader.Bool(map["allow_leading_dash"], $"{where}: allow_leading_dash", context) ?? false,
            AllowShellSyntax = ScalarReader.Bool(map["allow_shell_syntax"], $"{where}: allow_shell_syntax", context) ?? false,
            Position = nameNode.Position,
        };
        if (type is null)
        {
            return null;
        }

        CheckApplicability(map, definition, where);
        CheckRanges(map, definition, where);
        definition = definition with { AllowedValues = ReadAllowedValues(map, definition, where) };
        if (context.ErrorCount > errorsBefore)
        {
            return null;
        }

        CheckAllowedValuesPassRules(map, definition, where);
        if (context.ErrorCount > errorsBefore)
        {
            return null;
        }

        return definition with { Default = ReadDefault(map, definition, where) };
    }

    private ParameterType? ReadType(MappingReader map, string where)
    {
        if (map["type"] is not { } node)
        {
            context.Error(map.Node, CatalogErrorCodes.MissingKey, $"{where} needs a 'type' ({string.Join(", ", ParameterTypes.Names)})");
            return null;
        }

        var text = ScalarReader.String(node, $"{where}: type", context);
        if (text is null)
        {
            if (node is YamlScalarNode { IsNull: true })
            {
                context.Error(node, CatalogErrorCodes.MissingKey, $"{where} needs a 'type' ({string.Join(", ", ParameterTypes.Names)})");
            }

            return null;
        }

        if (ParameterTypes.TryParse(text, out var type))
        {
            return type;
        }

        context.Error(node, CatalogErrorCodes.UnknownType, $"{where}: unknown type '{text}'; known types: {string.Join(", ", ParameterTypes.Names)}");
        return null;
    }

    private ValuePattern? ReadPattern(MappingReader map, string where)
    {
        if (map.Has("validation") && map.Has("pattern"))
        {
            context.Error(map.KeyOf("pattern")!, CatalogErrorCodes.ConflictingAliases, $"{where} has both 'validation' and 'pattern', which mean the same; keep one");
            return null;
        }

        var key = map.Has("validation") ? "validation" : "pattern";
        var node = map[key];
        var source = ScalarReader.String(node, $"{where}: {key}", context);
        if (source is null)
        {
            return null;
        }

        var pattern = ValuePattern.TryCreate(source, out var error);
        if (pattern is null)
        {
            context.Error(node!, CatalogErrorCodes.InvalidRegex, $"{where}: {key} is not a valid regular expression: {error}");
        }

        return pattern;
    }

    private int? ReadLength(MappingReader map, string key, string where)
    {
        var value = ScalarReader.Integer(map[key], $"{where}: {key}", context);
        if (value is < 0 or > 1_000_000)
        {
            context.Error(map[key]!, CatalogErrorCodes.InvalidValue, $"{where}: {key} must be between 0 and 1000000");
            return null;
        }

        return (int?)value;
    }

    private IReadOnlyList<string> ReadRoots(MappingReader map, string key, string where)
    {
        var roots = new List<string>();
        foreach (var item in ScalarReader.TextList(map[key], $"{where}: {key}", context) ?? [])
        {
            if (!PathRules.IsValidRoot(item.Value))
            {
                context.Error(item, CatalogErrorCodes.InvalidValue, $"{where}: {key} entry '{item.Value}' must be an absolute path without '..'");
                continue;
            }

            roots.Add(PathRules.Normalize(item.Value, "/"));
        }

        return roots;
    }

    private void CheckApplicability(MappingReader map, ParameterDefinition definition, string where)
    {
        void Require(string key, bool applies, string types)
        {
            if (map.KeyOf(key) is { } keyNode && !applies)
            {
                context.Error(keyNode, CatalogErrorCodes.RuleNotApplicable, $"{where}: '{key}' applies to {types} parameters, not {definition.Type.Name()}");
            }
        }

        var type = definition.Type;
        foreach (var key in new[] { "min_length", "max_length", "validation", "pattern" })
        {
            Require(key, type.IsText(), "string, path and hostname");
        }

        Require("min_value", type.IsNumber(), "int, float and port");
        Require("max_value", type.IsNumber(), "int, float and port");
        Require("allowed_paths", type == ParameterType.Path, "path");
        Require("forbidden_paths", type == ParameterType.Path, "path");
        Require("allow_shell_syntax", type == ParameterType.String, "string");
        if (type == ParameterType.Enum && !map.Has("allowed_values"))
        {
            context.Error(map.Node, CatalogErrorCodes.MissingKey, $"{where} is an enum and needs 'allowed_values'");
        }
    }

    private void CheckRanges(MappingReader map, ParameterDefinition definition, string where)
    {
        if (definition.MinLength > definition.MaxLength)
        {
            context.Error(map.KeyOf("min_length")!, CatalogErrorCodes.InvalidValue, $"{where}: min_length is greater than max_length");
        }

        if (definition.MinValue > definition.MaxValue)
        {
            context.Error(map.KeyOf("min_value")!, CatalogErrorCodes.InvalidValue, $"{where}: min_value is greater than max_value");
        }

        if (definition.MinValue < 0 && !definition.AllowLeadingDash)
        {
            context.Error(map.KeyOf("min_value")!, CatalogErrorCodes.InvalidValue,
                $"{where}: a negative min_value admits values starting with '-', which programs read as options; set allow_leading_dash: true if the program expects them");
        }
    }

    private IReadOnlyList<string> ReadAllowedValues(MappingReader map, ParameterDefinition definition, string where)
    {
        if (map["allowed_values"] is not { } node)
        {
            return [];
        }

        if (node is not YamlSequenceNode { Items.Count: > 0 } sequence)
        {
            context.Error(node, CatalogErrorCodes.WrongKind, $"{where}: allowed_values must be a non-empty list");
            return [];
        }

        // Each entry is checked against the type alone; the operator's list is the rule.
        var typeOnly = new ParameterDefinition { Name = definition.Name, Type = definition.Type, AllowLeadingDash = true, AllowShellSyntax = true };
        var values = new List<string>();
        foreach (var item in sequence.Items)
        {
            if (item is not YamlScalarNode scalar)
            {
                context.Error(item, CatalogErrorCodes.WrongKind, $"{where}: each allowed value must be a single value, not {item.KindName}");
                continue;
            }

            var outcome = LexicalValidator.Validate(typeOnly, ScalarReader.ToJson(scalar));
            if (outcome.Error is { } error)
            {
                context.Error(item, CatalogErrorCodes.InvalidValue, $"{where}: allowed value '{LogText.Encode(scalar.Value)}' {error.Message}");
            }
            else if (values.Contains(outcome.Value!.Text, StringComparer.Ordinal))
            {
                context.Error(item, CatalogErrorCodes.Duplicate, $"{where}: allowed value '{LogText.Encode(scalar.Value)}' is listed twice");
            }
            else
            {
                values.Add(outcome.Value!.Text);
            }
        }

        return values;
    }

    /// <summary>A listed value that breaks the parameter's other rules (length, pattern, paths) could never be used.</summary>
    private void CheckAllowedValuesPassRules(MappingReader map, ParameterDefinition definition, string where)
    {
        if (definition.AllowedValues.Count == 0 || map["allowed_values"] is not YamlSequenceNode sequence)
        {
            return;
        }

        foreach (var item in sequence.Items.OfType<YamlScalarNode>())
        {
            if (LexicalValidator.Validate(definition, ScalarReader.ToJson(item)).Error is { } error)
            {
                context.Error(item, CatalogErrorCodes.InvalidValue,
                    $"{where}: allowed value '{LogText.Encode(item.Value)}' breaks the parameter's own rule {error.Rule}: it {error.Message}");
            }
        }
    }

    private ValidatedValue? ReadDefault(MappingReader map, ParameterDefinition definition, string where)
    {
        var node = map["default"];
        if (node is null or YamlScalarNode { IsNull: true })
        {
            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            context.Error(node, CatalogErrorCodes.WrongKind, $"{where}: default must be a single value, not {node.KindName}");
            return null;
        }

        var outcome = LexicalValidator.Validate(definition, ScalarReader.ToJson(scalar));
        if (outcome.Error is { } error)
        {
            context.Error(node, CatalogErrorCodes.DefaultBreaksRules,
                string.Create(CultureInfo.InvariantCulture, $"{where}: the default '{LogText.Encode(scalar.Value)}' breaks the parameter's own rule {error.Rule}: it {error.Message}"));
            return null;
        }

        return outcome.Value;
    }

    private sealed class LexicalPathResolver : IPathResolver
    {
        public string Resolve(string normalizedPath) => normalizedPath;
    }
}
