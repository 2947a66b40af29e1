using System.Text;

namespace SecureExec.Server.Console.Run;

/// <summary>
/// Translates a catalog pattern (.NET syntax, matched whole after NFKC) into an HTML <c>pattern</c> attribute (which
/// browsers compile with the <c>v</c> flag) that accepts the same values, or gives up (null) when the two engines could
/// disagree: lookbehind, backreferences, named groups, inline options, word boundaries, class subtraction, Unicode
/// classes. Then only the server checks the pattern, and the form shows its message.
/// </summary>
internal static class BrowserPattern
{
    // .NET's \d and \w are Unicode-aware; a browser's are ASCII unless spelled as properties.
    private const string Digit = "\\p{Nd}";
    private const string WordChars = "\\p{L}\\p{Mn}\\p{Nd}\\p{Pc}";

    // Characters a v-flag class must see escaped (syntax characters and reserved punctuators), all valid as "\c" there.
    private const string ClassEscaped = "^$\\.*+?()[]{}|/-&!#%,:;<=>@`~";

    public static string? Translate(string source)
    {
        var output = new StringBuilder(source.Length + 16);
        var i = 0;
        while (i < source.Length)
        {
            var c = source[i];
            switch (c)
            {
                case '\\':
                    if (i + 1 >= source.Length || OutsideEscape(source, ref i) is not { } escape)
                    {
                        return null;
                    }

                    output.Append(escape);
                    continue;
                case '[':
                    if (Class(source, ref i) is not { } set)
                    {
                        return null;
                    }

                    output.Append(set);
                    continue;
                case '(':
                    if (i + 1 < source.Length && source[i + 1] == '?')
                    {
                        var group = source.AsSpan(i);
                        if (!group.StartsWith("(?:") && !group.StartsWith("(?=") && !group.StartsWith("(?!"))
                        {
                            return null;
                        }

                        output.Append(group[..3]);
                        i += 3;
                        continue;
                    }

                    output.Append('(');
                    break;
                case '{':
                    var end = source.IndexOf('}', i);
                    if (end < 0 || !IsQuantifier(source[(i + 1)..end]) || i == 0)
                    {
                        return null;
                    }

                    output.Append(source, i, end - i + 1);
                    i = end + 1;
                    continue;
                case ']' or '}':
                    output.Append('\\').Append(c);
                    break;
                default:
                    output.Append(c);
                    break;
            }

            i++;
        }

        return output.ToString();
    }

    private static bool IsQuantifier(string body)
    {
        var parts = body.Split(',');
        return parts.Length is 1 or 2 && parts[0].Length > 0 && parts.All(p => p.All(char.IsAsciiDigit)) && (parts.Length == 1 || parts[1].Length <= 9);
    }

    /// <summary>An escape outside a class, at <paramref name="i"/> (the backslash); advances past it.</summary>
    private static string? OutsideEscape(string source, ref int i)
    {
        var c = source[i + 1];
        i += 2;
        return c switch
        {
            'd' => Digit,
            'D' => "\\P{Nd}",
            'w' => "[" + WordChars + "]",
            'W' => "[^" + WordChars + "]",
            's' or 'S' or 't' or 'n' or 'r' or 'f' or 'v' => "\\" + c,
            'x' or 'u' => Hex(source, ref i, c),
            _ when "^$\\.*+?()[]{}|/".Contains(c, StringComparison.Ordinal) => "\\" + c,
            _ when !char.IsAsciiLetterOrDigit(c) && c != '_' => c.ToString(),
            _ => null,
        };
    }

    private static string? Hex(string source, ref int i, char kind)
    {
        var digits = kind == 'x' ? 2 : 4;
        if (i + digits > source.Length || source.AsSpan(i, digits).ContainsAnyExcept("0123456789abcdefABCDEF"))
        {
            return null;
        }

        var text = "\\" + kind + source.Substring(i, digits);
        i += digits;
        return text;
    }

    /// <summary>A character class at <paramref name="i"/> (its '['), rewritten for the v flag; advances past its ']'.</summary>
    private static string? Class(string source, ref int i)
    {
        var output = new StringBuilder("[");
        i++;
        if (i < source.Length && source[i] == '^')
        {
            output.Append('^');
            i++;
        }

        var first = true;
        var items = new List<string?>();
        while (i < source.Length && (source[i] != ']' || first))
        {
            first = false;
            if (source[i] == '-' && i + 1 < source.Length && source[i + 1] == '[')
            {
                return null; // .NET class subtraction
            }

            if (source[i] == '-' && items.Count > 0 && items[^1] is not null && i + 1 < source.Length && source[i + 1] != ']')
            {
                i++;
                var to = ClassItem(source, ref i, out var single);
                if (to is null || !single)
                {
                    return null;
                }

                output.Append('-').Append(to);
                items.Add(null); // a range cannot start another
                continue;
            }

            var item = ClassItem(source, ref i, out var isSingle);
            if (item is null)
            {
                return null;
            }

            output.Append(item);
            items.Add(isSingle ? item : null);
        }

        if (i >= source.Length)
        {
            return null;
        }

        i++;
        return output.Append(']').ToString();
    }

    private static string? ClassItem(string source, ref int i, out bool single)
    {
        single = true;
        var c = source[i];
        if (c != '\\')
        {
            i++;
            return ClassEscaped.Contains(c, StringComparison.Ordinal) ? "\\" + c : c.ToString();
        }

        if (i + 1 >= source.Length)
        {
            return null;
        }

        var e = source[i + 1];
        i += 2;
        switch (e)
        {
            case 'd':
                single = false;
                return Digit;
            case 'w':
                single = false;
                return WordChars;
            case 's':
                single = false;
                return "\\s";
            case 't' or 'n' or 'r' or 'f' or 'v':
                return "\\" + e;
            case 'x' or 'u':
                return Hex(source, ref i, e);
            default:
                if (ClassEscaped.Contains(e, StringComparison.Ordinal))
                {
                    return "\\" + e;
                }

                return !char.IsAsciiLetterOrDigit(e) && e != '_' ? e.ToString() : null;
        }
    }
}
