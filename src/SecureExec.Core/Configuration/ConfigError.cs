namespace SecureExec.Core.Configuration;

/// <summary>
/// One problem in a configuration file (the template catalog, the permissions file), with where it is and a stable
/// code (see docs/templates.md and docs/permissions.md).
/// </summary>
public sealed record ConfigError(string File, SourcePosition Position, string Code, string Message)
{
    public int Line => Position.Line;

    public int Column => Position.Column;

    /// <summary>The compiler-style form editors and CI logs understand: <c>file:line:column: error CODE: message</c>.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}: error {Code}: {Message}";
}
