using System.Text;

namespace SecureExec.Core.Templates;

/// <summary>
/// Turns a template's tokens and validated values into argv. Each token becomes exactly one element; a token whose
/// parameter has no value is left out, and so is a token that is one placeholder whose value is the empty string the
/// operator listed in <c>allowed_values</c> (the seed's <c>date {format}</c> with <c>""</c> meaning "no option").
/// Any other empty value stays an empty element, so the arguments after it never shift into its place.
/// </summary>
public static class ArgvRenderer
{
    public static IReadOnlyList<string> Render(
        CommandTemplate template, IReadOnlyDictionary<string, ValidatedValue> values, bool maskSensitive = false)
    {
        var argv = new List<string>(template.Tokens.Count);
        var builder = new StringBuilder();
        foreach (var token in template.Tokens)
        {
            builder.Clear();
            var present = true;
            foreach (var part in token.Parts)
            {
                if (part.Parameter is null)
                {
                    builder.Append(part.Text);
                }
                else if (values.TryGetValue(part.Parameter, out var value))
                {
                    var masked = maskSensitive && template.FindParameter(part.Parameter)?.Sensitive == true;
                    builder.Append(masked ? Validation.ValidatedRequest.Mask : value.Text);
                }
                else
                {
                    present = false;
                    break;
                }
            }

            if (present && !(builder.Length == 0 && IsListedEmpty(template, token)))
            {
                argv.Add(builder.ToString());
            }
        }

        return argv;
    }

    private static bool IsListedEmpty(CommandTemplate template, CommandToken token) =>
        token.IsSinglePlaceholder && template.FindParameter(token.Parts[0].Parameter!)?.AllowedValues.Contains("") == true;
}
