using System.Buffers;

namespace SecureExec.Core.Templates.Validation;

/// <summary>
/// Recognises text a shell would act on: separators and chaining, substitution, expansion, redirection, globbing,
/// brace expansion, quoting and escapes. Values never reach a shell; finding these in a value means someone tried.
/// </summary>
internal static class ShellSyntax
{
    private static readonly SearchValues<char> Characters = SearchValues.Create(";|&`$<>(){}*?[]'\"\\!\n\r\t\x1a");

    public static bool Contains(string value) =>
        value.AsSpan().ContainsAny(Characters) || value.StartsWith('~');
}
