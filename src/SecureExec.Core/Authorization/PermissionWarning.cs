using SecureExec.Core.Configuration;

namespace SecureExec.Core.Authorization;

/// <summary>
/// Something that loads but is probably not what the operator meant, found by <see cref="PermissionPolicy.Check"/>.
/// <see cref="File"/> is the catalog or the permissions file, whichever holds the thing to fix.
/// </summary>
public sealed record PermissionWarning(string File, SourcePosition Position, string Code, string Message)
{
    public int Line => Position.Line;

    public int Column => Position.Column;

    /// <summary>The compiler-style form: <c>file:line:column: warning CODE: message</c>.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}: warning {Code}: {Message}";
}
