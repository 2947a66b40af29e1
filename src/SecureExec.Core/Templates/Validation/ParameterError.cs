namespace SecureExec.Core.Templates.Validation;

/// <summary>
/// Why a parameter's value was refused: the <see cref="Rule"/> is a stable machine-readable name
/// (see <see cref="ValidationRules"/>), the message is for people and never echoes the value.
/// </summary>
public sealed record ParameterError(string Parameter, string Rule, string Message, bool IsInjectionAttempt);

/// <summary>The stable names of validation rules, as they appear in API errors and audit entries.</summary>
public static class ValidationRules
{
    public const string Required = "required";
    public const string UnknownParameter = "unknown_parameter";
    public const string Duplicate = "duplicate";
    public const string Type = "type";
    public const string InvalidEncoding = "invalid_encoding";
    public const string ControlCharacters = "control_characters";
    public const string ShellSyntax = "shell_syntax";
    public const string LeadingDash = "leading_dash";
    public const string AllowedValues = "allowed_values";
    public const string MinLength = "min_length";
    public const string MaxLength = "max_length";
    public const string Pattern = "pattern";
    public const string PatternTimeout = "pattern_timeout";
    public const string MinValue = "min_value";
    public const string MaxValue = "max_value";
    public const string PathEncoding = "path_encoding";
    public const string PathTraversal = "path_traversal";
    public const string AllowedPaths = "allowed_paths";
    public const string ForbiddenPaths = "forbidden_paths";
    public const string SymlinkEscape = "symlink_escape";
    public const string Hostname = "hostname";
    public const string Ip = "ip";
    public const string Port = "port";
}
