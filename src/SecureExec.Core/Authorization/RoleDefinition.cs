using SecureExec.Core.Configuration;

namespace SecureExec.Core.Authorization;

/// <summary>One role of the permissions file, with its includes already resolved. Immutable once loaded.</summary>
public sealed record RoleDefinition
{
    public required string Name { get; init; }

    public string Description { get; init; } = "";

    /// <summary>The scopes written on this role, in file order.</summary>
    public required IReadOnlyList<string> Scopes { get; init; }

    /// <summary>The roles this role includes, as written.</summary>
    public required IReadOnlyList<string> Includes { get; init; }

    /// <summary>Every scope the role grants: its own and those of every role it includes, transitively. Sorted.</summary>
    public required IReadOnlySet<string> EffectiveScopes { get; init; }

    public SourcePosition Position { get; init; }

    /// <summary>Where each of <see cref="Scopes"/> is written, for warnings that point at it.</summary>
    internal IReadOnlyDictionary<string, SourcePosition> ScopePositions { get; init; } = new Dictionary<string, SourcePosition>();
}
