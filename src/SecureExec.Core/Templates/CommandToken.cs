namespace SecureExec.Core.Templates;

/// <summary>
/// One argv element of a template's command, split once at load: literal text and placeholders.
/// A rendered token is exactly one argv element, whatever the values hold.
/// </summary>
public sealed record CommandToken(IReadOnlyList<TokenPart> Parts)
{
    public bool IsLiteral => Parts.All(p => p.Parameter is null);

    /// <summary>The token is one placeholder and nothing else.</summary>
    public bool IsSinglePlaceholder => Parts is [{ Parameter: not null }];

    public IEnumerable<string> Parameters => Parts.Where(p => p.Parameter is not null).Select(p => p.Parameter!);

    public override string ToString() => string.Concat(Parts.Select(p => p.Parameter is null ? p.Text.Replace("{", "{{").Replace("}", "}}") : $"{{{p.Parameter}}}"));
}

/// <summary>Literal <see cref="Text"/>, or the placeholder of <see cref="Parameter"/>.</summary>
public sealed record TokenPart(string Text, string? Parameter)
{
    public static TokenPart Literal(string text) => new(text, null);

    public static TokenPart Placeholder(string parameter) => new("", parameter);
}
