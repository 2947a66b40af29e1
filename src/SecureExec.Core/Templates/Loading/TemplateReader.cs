using SecureExec.Core.Configuration;

namespace SecureExec.Core.Templates.Loading;

/// <summary>Reads one template: its command, parameters, permissions and sandbox profile, cross-checked.</summary>
internal sealed class TemplateReader(LoadContext context)
{
    private readonly ParameterReader _parameters = new(context);
    private readonly SandboxProfileReader _sandbox = new(context);

    public CommandTemplate? Read(YamlScalarNode nameNode, YamlTreeNode node)
    {
        var name = nameNode.Value;
        var where = $"template '{name}'";
        if (!Names.IsTemplateName(name))
        {
            context.Error(nameNode, CatalogErrorCodes.InvalidValue, $"template name '{name}' must be 1–64 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }

        var map = MappingReader.Open(node, CatalogKeys.Template, where, context);
        if (map is null)
        {
            context.Error(node, CatalogErrorCodes.MissingKey, $"{where} needs at least 'command' and 'permissions.required_scopes'");
            return null;
        }

        var errorsBefore = context.ErrorCount;
        if (map["command"] is null or YamlScalarNode { IsNull: true })
        {
            context.Error(map["command"] ?? map.Node, CatalogErrorCodes.MissingKey, $"{where} needs a 'command'");
        }

        var tokens = CommandParser.Parse(map["command"], $"{where}: command", context);
        var parameters = ReadParameters(map, name, where);
        var permissions = MappingReader.Open(map["permissions"], CatalogKeys.Permissions, $"{where}: permissions", context);
        var scopes = ReadScopes(map, permissions, where);
        var sandbox = _sandbox.Read(map, permissions, where);
        if (tokens is not null)
        {
            CheckPlaceholders(map, tokens, parameters, where);
        }

        if (context.ErrorCount > errorsBefore || tokens is null)
        {
            return null;
        }

        var template = new CommandTemplate
        {
            Name = name,
            Description = ScalarReader.String(map["description"], $"{where}: description", context) ?? "",
            Category = ScalarReader.String(map["category"], $"{where}: category", context) ?? "general",
            CommandText = string.Join(' ', tokens),
            Tokens = tokens,
            Parameters = parameters,
            RequiredScopes = scopes,
            Sandbox = sandbox with
            {
                ReadOnlyPaths = Roots(parameters, p => p.AllowedPaths),
                HiddenPaths = Roots(parameters, p => p.ForbiddenPaths),
            },
            ParametersSchema = default,
            Position = nameNode.Position,
        };
        return template with { ParametersSchema = ParameterSchemaBuilder.Build(template) };
    }

    private List<ParameterDefinition> ReadParameters(MappingReader map, string templateName, string where)
    {
        var parameters = new List<ParameterDefinition>();
        switch (map["parameters"])
        {
            case null:
            case YamlScalarNode { IsNull: true }:
                return parameters;
            case YamlMappingNode mapping:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (key, value) in mapping.Entries)
                {
                    if (!seen.Add(key.Value))
                    {
                        context.Error(key, CatalogErrorCodes.Duplicate, $"{where} declares parameter '{key.Value}' twice");
                        continue;
                    }

                    if (_parameters.Read(key, value, templateName) is { } parameter)
                    {
                        parameters.Add(parameter);
                    }
                }

                return parameters;
            case var other:
                context.Error(other, CatalogErrorCodes.WrongKind, $"{where}: parameters must be a mapping of name to definition, not {other.KindName}");
                return parameters;
        }
    }

    private IReadOnlyList<string> ReadScopes(MappingReader template, MappingReader? permissions, string where)
    {
        var node = permissions?["required_scopes"];
        var items = ScalarReader.TextList(node, $"{where}: permissions.required_scopes", context);
        if (items is null || items.Count == 0)
        {
            context.Error(node ?? (YamlTreeNode?)permissions?.Node ?? template.Node, CatalogErrorCodes.MissingKey,
                $"{where} needs permissions.required_scopes naming at least one scope: a template anyone may run is never the default");
            return [];
        }

        var scopes = new List<string>();
        foreach (var item in items)
        {
            if (!Names.IsScope(item.Value))
            {
                context.Error(item, CatalogErrorCodes.InvalidValue, $"{where}: '{item.Value}' is not a valid scope (printable ASCII without spaces, '\"' or '\\')");
            }
            else if (!scopes.Contains(item.Value, StringComparer.Ordinal))
            {
                scopes.Add(item.Value);
            }
        }

        return scopes;
    }

    private void CheckPlaceholders(MappingReader map, IReadOnlyList<CommandToken> tokens, List<ParameterDefinition> parameters, string where)
    {
        var used = tokens.SelectMany(t => t.Parameters).ToHashSet(StringComparer.Ordinal);
        var commandNode = map["command"]!;
        foreach (var placeholder in used)
        {
            if (!parameters.Any(p => p.Name == placeholder) && !DeclaredButInvalid(map, placeholder))
            {
                context.Error(commandNode, CatalogErrorCodes.UndefinedPlaceholder, $"{where}: the command uses {{{placeholder}}} but no parameter '{placeholder}' is declared");
            }
        }

        foreach (var parameter in parameters.Where(p => !used.Contains(p.Name)))
        {
            context.Error(parameter.Position, CatalogErrorCodes.UnusedParameter, $"{where}: parameter '{parameter.Name}' is never used in the command");
        }
    }

    private static string[] Roots(List<ParameterDefinition> parameters, Func<ParameterDefinition, IReadOnlyList<string>> roots) =>
        [.. parameters.Where(p => p.Type == ParameterType.Path).SelectMany(roots).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static bool DeclaredButInvalid(MappingReader map, string name) =>
        map["parameters"] is YamlMappingNode mapping && mapping.Entries.Any(e => e.Key.Value == name);
}
