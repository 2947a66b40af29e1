using System.Text.RegularExpressions;
using SecureExec.Core.Configuration;

namespace SecureExec.Core.Authorization;

/// <summary>A role as written, before its includes are resolved.</summary>
internal sealed record RoleDraft(
    YamlScalarNode NameNode, string Description, IReadOnlyList<YamlScalarNode> Scopes, IReadOnlyList<YamlScalarNode> Includes)
{
    public string Name => NameNode.Value;
}

/// <summary>Reads one role: its name, description, scopes and includes, each checked where it is written.</summary>
internal sealed partial class RoleReader(LoadContext context)
{
    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\z")]
    private static partial Regex RoleName();

    public static bool IsRoleName(string name) => RoleName().IsMatch(name);

    public RoleDraft Read(YamlScalarNode nameNode, YamlTreeNode node)
    {
        var name = nameNode.Value;
        var where = $"role '{name}'";
        if (!IsRoleName(name))
        {
            context.Error(nameNode, PermissionErrorCodes.InvalidRoleName,
                $"role name '{name}' must be 1–64 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }

        var map = MappingReader.Open(node, PermissionKeys.Role, where, context);
        if (map is null)
        {
            if (node is YamlScalarNode { IsNull: true })
            {
                context.Error(nameNode, PermissionErrorCodes.EmptyRole, $"{where} grants nothing: give it 'scopes', 'includes' or both");
            }

            // Still defined, so roles that include it are not told it is missing.
            return new RoleDraft(nameNode, "", [], []);
        }

        var description = ScalarReader.String(map["description"], $"{where}: description", context) ?? "";
        var scopes = ReadList(map["scopes"], where, "scopes", "lists scope", out var scopesWritten);
        var includes = ReadList(map["includes"], where, "includes", "includes role", out var includesWritten);
        foreach (var scope in scopes.Where(s => !ScopeToken.IsValid(s.Value)))
        {
            context.Error(scope, PermissionErrorCodes.InvalidScope, $"{where}: '{scope.Value}' is not a valid scope ({ScopeToken.Rule})");
        }

        if (!scopesWritten && !includesWritten)
        {
            context.Error(nameNode, PermissionErrorCodes.EmptyRole, $"{where} grants nothing: give it 'scopes', 'includes' or both");
        }

        return new RoleDraft(nameNode, description, scopes, includes);
    }

    /// <summary>The list's items, each once (a repeat is an error); <paramref name="written"/> says whether any item was given at all.</summary>
    private List<YamlScalarNode> ReadList(YamlTreeNode? node, string where, string key, string verb, out bool written)
    {
        var items = ScalarReader.TextList(node, $"{where}: {key}", context);
        written = items is { Count: > 0 } || node is YamlSequenceNode { Items.Count: > 0 };
        var unique = new List<YamlScalarNode>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items ?? [])
        {
            if (!seen.Add(item.Value))
            {
                context.Error(item, PermissionErrorCodes.Duplicate, $"{where} {verb} '{item.Value}' twice");
            }
            else
            {
                unique.Add(item);
            }
        }

        return unique;
    }
}
