using System.Text.RegularExpressions;

namespace SecureExec.Core.Templates;

/// <summary>
/// A whole-value regular expression that cannot hang the server: the non-backtracking engine where the pattern
/// allows it, otherwise the backtracking engine bounded by a match timeout.
/// </summary>
public sealed class ValuePattern
{
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    private readonly Regex _regex;

    private ValuePattern(string source, Regex regex)
    {
        Source = source;
        _regex = regex;
    }

    /// <summary>The pattern as written in the catalog.</summary>
    public string Source { get; }

    public bool IsNonBacktracking => (_regex.Options & RegexOptions.NonBacktracking) != 0;

    /// <summary>Compiles <paramref name="source"/> to match whole values; returns null with the reason when it is invalid.</summary>
    public static ValuePattern? TryCreate(string source, out string? error)
    {
        error = null;
        try
        {
            // Parsed alone first, so an error's offset points into the operator's own pattern.
            _ = new Regex(source, RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            error = e.Message;
            return null;
        }

        var anchored = $@"\A(?:{source})\z";
        const RegexOptions options = RegexOptions.CultureInvariant;
        try
        {
            return new ValuePattern(source, new Regex(anchored, options | RegexOptions.NonBacktracking));
        }
        catch (NotSupportedException)
        {
            // Backreferences, lookarounds and atomic groups need the backtracking engine; the timeout bounds it.
        }
        catch (ArgumentException e)
        {
            error = e.Message;
            return null;
        }

        try
        {
            return new ValuePattern(source, new Regex(anchored, options, MatchTimeout));
        }
        catch (ArgumentException e)
        {
            error = e.Message;
            return null;
        }
    }

    /// <summary>True when the whole value matches; null when the match ran out of time.</summary>
    public bool? Matches(string value)
    {
        try
        {
            return _regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }
}
