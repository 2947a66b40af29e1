namespace SecureExec.Core.Configuration;

/// <summary>A position in a source file, 1-based.</summary>
public readonly record struct SourcePosition(int Line, int Column);

/// <summary>
/// A YAML node that remembers where it stood. Mappings keep duplicate keys so the loader can report them.
/// </summary>
internal abstract record YamlTreeNode(SourcePosition Position)
{
    public abstract string KindName { get; }
}

internal sealed record YamlScalarNode(SourcePosition Position, string Value, bool IsPlain, bool IsQuoted = false) : YamlTreeNode(Position)
{
    public override string KindName => "a scalar";

    /// <summary>YAML 1.2 core schema: a plain <c>null</c>, <c>~</c> or empty scalar is null.</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";
}

internal sealed record YamlSequenceNode(SourcePosition Position, IReadOnlyList<YamlTreeNode> Items) : YamlTreeNode(Position)
{
    public override string KindName => "a list";
}

internal sealed record YamlMappingNode(SourcePosition Position, IReadOnlyList<KeyValuePair<YamlScalarNode, YamlTreeNode>> Entries)
    : YamlTreeNode(Position)
{
    public override string KindName => "a mapping";
}
