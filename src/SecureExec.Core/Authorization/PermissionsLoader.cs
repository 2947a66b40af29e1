using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using SecureExec.Core.Configuration;

namespace SecureExec.Core.Authorization;

/// <summary>The policy, or every error that kept it from loading.</summary>
public sealed record PermissionsLoadResult(PermissionPolicy? Policy, IReadOnlyList<ConfigError> Errors)
{
    public bool Succeeded => Policy is not null;
}

/// <summary>
/// Loads <c>permissions.yaml</c> (roles → scopes, docs/permissions.md) into an immutable
/// <see cref="PermissionPolicy"/>. Nothing is dropped or guessed: any error, all of them reported at once with
/// file, line and column, means no policy.
/// </summary>
public static class PermissionsLoader
{
    public static PermissionsLoadResult LoadFile(string path) =>
        ConfigFile.TryRead(path, "the permissions file", out var bytes, out var text, out var problem)
            ? Load(text, path, Convert.ToHexStringLower(SHA256.HashData(bytes)))
            : new PermissionsLoadResult(null, [new ConfigError(path, new SourcePosition(1, 1), PermissionErrorCodes.Unreadable, problem)]);

    public static PermissionsLoadResult LoadText(string text, string fileName = "permissions.yaml") =>
        Load(text, fileName, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))));

    private static PermissionsLoadResult Load(string text, string file, string sha256)
    {
        var context = new LoadContext(file, PermissionErrorCodes.Loader);
        if (!ConfigFile.TryParse(text, context, out var root))
        {
            return new PermissionsLoadResult(null, context.Errors);
        }

        var top = MappingReader.Open(root, PermissionKeys.Root, "the permissions file", context);
        if (top?["roles"] is not YamlMappingNode rolesNode)
        {
            if (top?["roles"] is { } wrong and not YamlScalarNode { IsNull: true })
            {
                context.Error(wrong, PermissionErrorCodes.WrongKind, $"'roles' must be a mapping of role name to definition, not {wrong.KindName}");
            }
            else
            {
                context.Error(top?.KeyOf("roles")?.Position ?? root?.Position ?? new SourcePosition(1, 1), PermissionErrorCodes.MissingKey,
                    "the permissions file needs a 'roles' mapping with at least one role");
            }

            return new PermissionsLoadResult(null, context.ErrorsInFileOrder());
        }

        var drafts = ReadRoles(rolesNode, context);
        var effective = new IncludeResolver(context, drafts).Resolve();
        if (context.ErrorCount > 0)
        {
            return new PermissionsLoadResult(null, context.ErrorsInFileOrder());
        }

        var roles = drafts.Values.Select(d => new RoleDefinition
        {
            Name = d.Name,
            Description = d.Description,
            Scopes = d.Scopes.Select(s => s.Value).ToImmutableArray(),
            Includes = d.Includes.Select(i => i.Value).ToImmutableArray(),
            EffectiveScopes = effective[d.Name],
            Position = d.NameNode.Position,
            ScopePositions = d.Scopes.ToFrozenDictionary(s => s.Value, s => s.Position, StringComparer.Ordinal),
        });
        return new PermissionsLoadResult(new PermissionPolicy(file, sha256, roles.ToImmutableArray()), []);
    }

    private static Dictionary<string, RoleDraft> ReadRoles(YamlMappingNode rolesNode, LoadContext context)
    {
        var reader = new RoleReader(context);
        var drafts = new Dictionary<string, RoleDraft>(StringComparer.Ordinal);
        var spellings = new Dictionary<string, YamlScalarNode>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in rolesNode.Entries)
        {
            if (drafts.ContainsKey(key.Value))
            {
                context.Error(key, PermissionErrorCodes.Duplicate, $"role '{key.Value}' is defined twice");
                continue;
            }

            // Role names match exactly; two spellings of one name would only confuse whoever assigns roles.
            if (spellings.TryGetValue(key.Value, out var other))
            {
                context.Error(key, PermissionErrorCodes.Duplicate,
                    $"role '{key.Value}' differs from role '{other.Value}' (line {other.Position.Line}) only in case; keep one spelling");
                continue;
            }

            spellings[key.Value] = key;
            drafts[key.Value] = reader.Read(key, value);
        }

        if (rolesNode.Entries.Count == 0)
        {
            context.Error(rolesNode, PermissionErrorCodes.MissingKey, "the permissions file needs at least one role");
        }

        return drafts;
    }
}
