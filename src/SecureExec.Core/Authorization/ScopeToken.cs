using System.Text.RegularExpressions;

namespace SecureExec.Core.Authorization;

/// <summary>The syntax of a scope: an RFC 6749 §3.3 scope-token, at most <see cref="MaxLength"/> characters.</summary>
public static partial class ScopeToken
{
    /// <summary>A bound RFC 6749 leaves open, so a scope stays a name and not a payload.</summary>
    public const int MaxLength = 128;

    // scope-token = 1*( %x21 / %x23-5B / %x5D-7E ): printable ASCII without space, '"' or '\'.
    [GeneratedRegex(@"\A[\x21\x23-\x5B\x5D-\x7E]{1,128}\z")]
    private static partial Regex Token();

    public static bool IsValid(string? scope) => scope is not null && Token().IsMatch(scope);

    /// <summary>How an invalid scope is explained, the same in every file that names scopes.</summary>
    public const string Rule = "printable ASCII without spaces, '\"' or '\\', at most 128 characters";
}
