using System.Text.RegularExpressions;
using SecureExec.Core.Authorization;

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

    public static bool IsParameterName(string name) => Parameter().IsMatch(name);

    public static bool IsTemplateName(string name) => Template().IsMatch(name);

    public static bool IsEnvironmentVariable(string name) => EnvironmentVariable().IsMatch(name);

    /// <summary>An RFC 6749 scope token.</summary>
    public static bool IsScope(string name) => ScopeToken.IsValid(name);
}
