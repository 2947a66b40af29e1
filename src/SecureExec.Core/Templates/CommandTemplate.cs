using System.Text.Json;
using SecureExec.Core.Configuration;

namespace SecureExec.Core.Templates;

/// <summary>An approved, parameterized command. Immutable once loaded.</summary>
public sealed record CommandTemplate
{
    public required string Name { get; init; }

    public string Description { get; init; } = "";

    public string Category { get; init; } = "general";

    /// <summary>The command as written, for display.</summary>
    public required string CommandText { get; init; }

    /// <summary>The command split into argv tokens; the first is always literal.</summary>
    public required IReadOnlyList<CommandToken> Tokens { get; init; }

    /// <summary>Parameters in the order they are declared.</summary>
    public required IReadOnlyList<ParameterDefinition> Parameters { get; init; }

    /// <summary>Scopes a caller must hold, all of them, to run this template.</summary>
    public required IReadOnlyList<string> RequiredScopes { get; init; }

    public required SandboxProfile Sandbox { get; init; }

    /// <summary>JSON Schema (2020-12) of the <c>parameters</c> object a request sends.</summary>
    public required JsonElement ParametersSchema { get; init; }

    public SourcePosition Position { get; init; }

    public ParameterDefinition? FindParameter(string name)
    {
        foreach (var parameter in Parameters)
        {
            if (parameter.Name == name)
            {
                return parameter;
            }
        }

        return null;
    }
}
