using System.Text.RegularExpressions;

namespace SecureExec.Core.Templates.Validation;

/// <summary>
/// Lexical path handling: absolute, normalised, and confined on path-segment boundaries
/// (<c>/tmp</c> admits <c>/tmp/x</c>, never <c>/tmpevil</c>).
/// </summary>
internal static partial class PathRules
{
    [GeneratedRegex("%[0-9A-Fa-f]{2}")]
    private static partial Regex PercentEncoded();

    public static bool HasPercentEncoding(string value) => PercentEncoded().IsMatch(value);

    public static bool HasTraversal(string value)
    {
        foreach (var segment in value.Split('/'))
        {
            if (segment == "..")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Makes <paramref name="value"/> absolute against <paramref name="baseDirectory"/> and removes empty and
    /// <c>.</c> segments and any trailing slash. The value must hold no <c>..</c> segment (checked before).
    /// </summary>
    public static string Normalize(string value, string baseDirectory)
    {
        var absolute = value.StartsWith('/') ? value : baseDirectory.TrimEnd('/') + "/" + value;
        var segments = absolute.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".");
        return "/" + string.Join('/', segments);
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or below it; both normalised.</summary>
    public static bool IsWithin(string path, string root) =>
        root == "/"
        || path == root
        || (path.Length > root.Length && path.StartsWith(root, StringComparison.Ordinal) && path[root.Length] == '/');

    public static bool IsWithinAny(string path, IEnumerable<string> roots) => roots.Any(root => IsWithin(path, root));

    /// <summary>Is <paramref name="value"/> an absolute path with no <c>..</c>, suitable as a root in the catalog?</summary>
    public static bool IsValidRoot(string value) =>
        value.StartsWith('/') && !HasTraversal(value) && !value.Contains('\0', StringComparison.Ordinal);
}
