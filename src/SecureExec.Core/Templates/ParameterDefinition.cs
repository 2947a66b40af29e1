using SecureExec.Core.Configuration;

namespace SecureExec.Core.Templates;

/// <summary>One typed parameter of a template with the rules its values must pass. Immutable once loaded.</summary>
public sealed record ParameterDefinition
{
    public required string Name { get; init; }

    public required ParameterType Type { get; init; }

    /// <summary>Missing values are an error unless a default exists (the seed's default: true).</summary>
    public bool Required { get; init; } = true;

    /// <summary>The default, already validated against this parameter's own rules.</summary>
    public ValidatedValue? Default { get; init; }

    public string? Description { get; init; }

    /// <summary>Whole-value match (<c>validation</c> or <c>pattern</c> in the file).</summary>
    public ValuePattern? Pattern { get; init; }

    /// <summary>The only values accepted, in their rendered form; empty when unrestricted.</summary>
    public IReadOnlyList<string> AllowedValues { get; init; } = [];

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    public double? MinValue { get; init; }

    public double? MaxValue { get; init; }

    /// <summary>Normalised absolute roots a path must lie in (on path-segment boundaries).</summary>
    public IReadOnlyList<string> AllowedPaths { get; init; } = [];

    /// <summary>Normalised absolute roots a path must not lie in.</summary>
    public IReadOnlyList<string> ForbiddenPaths { get; init; } = [];

    /// <summary>Masked wherever the value is logged or audited.</summary>
    public bool Sensitive { get; init; }

    /// <summary>Values may start with '-' (otherwise only when listed in <see cref="AllowedValues"/>).</summary>
    public bool AllowLeadingDash { get; init; }

    /// <summary>Free text may hold shell syntax; it still reaches the program as one literal argument.</summary>
    public bool AllowShellSyntax { get; init; }

    /// <summary>Where the parameter is declared in its file.</summary>
    public SourcePosition Position { get; init; }
}
