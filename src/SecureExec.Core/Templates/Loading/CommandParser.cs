using System.Buffers;
using System.Text;
using SecureExec.Core.Configuration;

namespace SecureExec.Core.Templates.Loading;

/// <summary>
/// Splits a template's <c>command</c> into argv tokens once, at load. The text form splits on spaces and refuses
/// every shell metacharacter (its author expected a shell that will never run); the list form gives each argv
/// element exactly. Placeholders are <c>{name}</c>; <c>{{</c> and <c>}}</c> stand for literal braces.
/// </summary>
internal static class CommandParser
{
    private static readonly SearchValues<char> Metacharacters = SearchValues.Create(";|&`$<>()\\'\"*?[]!");

    /// <summary>Programs that run their argument as code, with the flags that make them do so.</summary>
    private static readonly Dictionary<string, string[]> Evaluators = new(StringComparer.Ordinal)
    {
        ["sh"] = ["c"],
        ["bash"] = ["c"],
        ["dash"] = ["c"],
        ["zsh"] = ["c"],
        ["ksh"] = ["c"],
        ["mksh"] = ["c"],
        ["ash"] = ["c"],
        ["csh"] = ["c"],
        ["tcsh"] = ["c"],
        ["fish"] = ["c", "-command"],
        ["rbash"] = ["c"],
        ["python"] = ["c"],
        ["python3"] = ["c"],
        ["perl"] = ["e", "E"],
        ["ruby"] = ["e"],
        ["node"] = ["e", "p", "-eval", "-print"],
        ["nodejs"] = ["e", "p", "-eval", "-print"],
        ["php"] = ["r"],
        ["lua"] = ["e"],
    };

    private static readonly HashSet<string> PrivilegeEscalation = new(StringComparer.Ordinal) { "sudo", "su", "doas", "pkexec", "run0" };

    public static IReadOnlyList<CommandToken>? Parse(YamlTreeNode? node, string where, LoadContext context)
    {
        List<(string Text, SourcePosition Position)> raw;
        switch (node)
        {
            case null:
            case YamlScalarNode { IsNull: true }:
                return null;
            case YamlScalarNode scalar:
                raw = SplitText(scalar, where, context);
                break;
            case YamlSequenceNode sequence:
                raw = [];
                foreach (var item in sequence.Items)
                {
                    if (item is YamlScalarNode { IsNull: false } text)
                    {
                        if (HasControlCharacter(text.Value))
                        {
                            context.Error(item, CatalogErrorCodes.ShellMetacharacter, $"{where}: an argv element holds a control character");
                        }

                        raw.Add((text.Value, text.Position));
                    }
                    else
                    {
                        context.Error(item, CatalogErrorCodes.WrongKind, $"{where}: each argv element must be text, not {item.KindName}");
                    }
                }

                break;
            default:
                context.Error(node, CatalogErrorCodes.WrongKind, $"{where} must be text or a list of argv elements, not {node.KindName}");
                return null;
        }

        var tokens = new List<CommandToken>();
        foreach (var (text, position) in raw)
        {
            if (ParseToken(text, position, where, context) is { } token)
            {
                tokens.Add(token);
            }
        }

        if (tokens.Count == 0)
        {
            context.Error(node, CatalogErrorCodes.InvalidCommand, $"{where} is empty");
            return null;
        }

        if (!tokens[0].IsLiteral || tokens[0].Parts.Count == 0 || tokens[0].Parts[0].Text.Length == 0)
        {
            context.Error(raw[0].Position, CatalogErrorCodes.InvalidCommand, $"{where}: the program (first element) must be fixed text, not a placeholder");
        }

        CheckEvaluation(tokens, raw, where, context);
        return tokens;
    }

    private static List<(string, SourcePosition)> SplitText(YamlScalarNode scalar, string where, LoadContext context)
    {
        var value = scalar.Value;
        var singleLine = !value.Contains('\n', StringComparison.Ordinal);
        SourcePosition At(int offset) => singleLine
            ? scalar.Position with { Column = scalar.Position.Column + offset + (scalar.IsQuoted ? 1 : 0) }
            : scalar.Position;

        if (HasControlCharacter(value))
        {
            context.Error(scalar, CatalogErrorCodes.ShellMetacharacter, $"{where} holds a control character or line break; commands are one line");
        }

        var index = value.AsSpan().IndexOfAny(Metacharacters);
        if (index >= 0)
        {
            context.Error(At(index), CatalogErrorCodes.ShellMetacharacter,
                $"{where} holds the shell metacharacter '{value[index]}'; commands never run through a shell — write argv as a list to pass such text literally");
        }

        var tokens = new List<(string, SourcePosition)>();
        var start = -1;
        for (var i = 0; i <= value.Length; i++)
        {
            var boundary = i == value.Length || value[i] == ' ' || value[i] == '\t';
            if (!boundary && start < 0)
            {
                start = i;
            }
            else if (boundary && start >= 0)
            {
                var token = value[start..i];
                if (token[0] is '~' or '#')
                {
                    context.Error(At(start), CatalogErrorCodes.ShellMetacharacter, $"{where}: a word starting with '{token[0]}' means something only to a shell");
                }

                tokens.Add((token, At(start)));
                start = -1;
            }
        }

        return tokens;
    }

    private static CommandToken? ParseToken(string text, SourcePosition position, string where, LoadContext context)
    {
        var parts = new List<TokenPart>();
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((c == '{' || c == '}') && i + 1 < text.Length && text[i + 1] == c)
            {
                literal.Append(c);
                i++;
                continue;
            }

            if (c == '}')
            {
                context.Error(position, CatalogErrorCodes.InvalidCommand, $"{where}: '}}' without '{{' in '{text}' (write '}}}}' for a literal brace)");
                return null;
            }

            if (c != '{')
            {
                literal.Append(c);
                continue;
            }

            var end = text.IndexOf('}', i + 1);
            var name = end < 0 ? "" : text[(i + 1)..end];
            if (end < 0 || !Names.IsParameterName(name))
            {
                context.Error(position, CatalogErrorCodes.InvalidCommand,
                    $"{where}: '{text}' has a malformed placeholder; write {{name}} with letters, digits and '_' (or '{{{{' for a literal brace)");
                return null;
            }

            if (literal.Length > 0)
            {
                parts.Add(TokenPart.Literal(literal.ToString()));
                literal.Clear();
            }

            parts.Add(TokenPart.Placeholder(name));
            i = end;
        }

        if (literal.Length > 0 || parts.Count == 0)
        {
            parts.Add(TokenPart.Literal(literal.ToString()));
        }

        return new CommandToken(parts);
    }

    private static void CheckEvaluation(List<CommandToken> tokens, List<(string Text, SourcePosition Position)> raw, string where, LoadContext context)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!tokens[i].IsLiteral)
            {
                continue;
            }

            var program = Path.GetFileName(raw[i].Text);
            if (PrivilegeEscalation.Contains(program))
            {
                context.Error(raw[i].Position, CatalogErrorCodes.ShellEvaluation, $"{where} runs '{program}': templates never change privileges");
                continue;
            }

            var evaluator = Evaluators.Keys.FirstOrDefault(name => program == name || (program.StartsWith(name, StringComparison.Ordinal) && program[name.Length..].All(ch => char.IsAsciiDigit(ch) || ch == '.')));
            if (evaluator is null)
            {
                continue;
            }

            for (var j = i + 1; j < tokens.Count; j++)
            {
                if (IsEvaluationFlag(raw[j].Text, Evaluators[evaluator]))
                {
                    context.Error(raw[j].Position, CatalogErrorCodes.ShellEvaluation,
                        $"{where} runs '{program} {raw[j].Text}', which evaluates text as code; name the program to run instead");
                    break;
                }
            }
        }
    }

    /// <summary>True for <c>-c</c>, clusters such as <c>-ec</c>, and long forms such as <c>--eval</c> or <c>--eval=…</c>.</summary>
    private static bool IsEvaluationFlag(string token, string[] flags)
    {
        if (token.StartsWith("--", StringComparison.Ordinal))
        {
            var name = token[1..].Split('=')[0];
            return flags.Contains(name, StringComparer.Ordinal);
        }

        return token.Length > 1 && token[0] == '-' && token[1..].All(char.IsAsciiLetter)
            && flags.Any(flag => flag.Length == 1 && token.Contains(flag[0], StringComparison.Ordinal));
    }

    private static bool HasControlCharacter(string value) => value.Any(char.IsControl);
}
