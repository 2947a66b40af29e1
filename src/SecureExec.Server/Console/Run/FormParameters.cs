using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SecureExec.Core.Templates;

namespace SecureExec.Server.Console.Run;

/// <summary>
/// Turns the run form's fields into the <c>parameters</c> object <c>POST /execute</c> takes, so the console's values
/// meet exactly the validator the API's do. An empty field is left out (the default applies, or "is required"); numbers
/// and booleans become JSON numbers and booleans when they read as such (as a browser's number field sends them),
/// anything else stays text for the validator to refuse.
/// </summary>
internal static partial class FormParameters
{
    public static JsonElement ToJson(CommandTemplate template, IEnumerable<KeyValuePair<string, string?>> form)
    {
        ArgumentNullException.ThrowIfNull(template);
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value) in form)
        {
            if (!key.StartsWith("p.", StringComparison.Ordinal) || string.IsNullOrEmpty(value) || values.ContainsKey(key[2..]))
            {
                continue;
            }

            var name = key[2..];
            values[name] = template.FindParameter(name) is { } parameter ? Typed(parameter, value) : value;
        }

        return JsonSerializer.SerializeToElement(values);
    }

    private static object Typed(ParameterDefinition parameter, string text)
    {
        if (parameter.AllowedValues.Count > 0 && parameter.Type is not (ParameterType.Int or ParameterType.Port or ParameterType.Float or ParameterType.Bool))
        {
            return text;
        }

        switch (parameter.Type)
        {
            case ParameterType.Int or ParameterType.Port:
                return HtmlNumber().IsMatch(text) && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var whole)
                    && whole == decimal.Truncate(whole) && whole is >= long.MinValue and <= long.MaxValue
                        ? (long)whole
                        : text;
            case ParameterType.Float:
                return HtmlNumber().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                    ? number
                    : text;
            case ParameterType.Bool:
                return text switch
                {
                    "true" => true,
                    "false" => false,
                    _ => text,
                };
            default:
                return text;
        }
    }

    /// <summary>HTML's "valid floating-point number", what a number field submits.</summary>
    [GeneratedRegex("^-?(?:[0-9]+(?:\\.[0-9]+)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")]
    private static partial Regex HtmlNumber();
}
