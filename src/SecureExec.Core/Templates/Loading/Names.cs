using System.Text.RegularExpressions;

namespace SecureExec.Core.Templates.Loading;

/// <summary>The syntax of names in the catalog.</summary>
internal static partial class Names
{
    [GeneratedRegex(@"\A[A-Za-z_][A-Za-z0-9_]{0,63}\z")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\z")]
    private static partial Regex Template();

    [GeneratedRegex(@"\A[A-Za-z_][A-Za-z0-9_]{0,127}\z")]
    private static partial Regex EnvironmentVariable();

    [GeneratedRegex(@"\A[\x21\x23-\x5B\x5D-\x7E]{1,128}\z")]
    private static partial Regex Scope();

    public static bool IsParameterName(string name) => Parameter().IsMatch(name);

    public static bool IsTemplateName(string name) => Template().IsMatch(name);

    public static bool IsEnvironmentVariable(string name) => EnvironmentVariable().IsMatch(name);

    /// <summary>An RFC 6749 scope token.</summary>
    public static bool IsScope(string name) => Scope().IsMatch(name);
}
