using System.Globalization;
using SecureExec.Core.Templates;
using SecureExec.Core.Templates.Validation;

namespace SecureExec.Server.Console.Run;

/// <summary>How a parameter is entered in the run form.</summary>
internal enum FieldControl
{
    Text,
    Number,
    Select,
}

/// <summary>
/// One parameter as a form field: the control and the HTML constraint attributes derived from the same definition the
/// server validates with, so the browser refuses what the server would (required, pattern, lengths, range, allowed
/// values, host name syntax). <see cref="ServerOnlyRules"/> are the rules no attribute can express (path confinement,
/// shell syntax, option-looking values, NFKC): the server's message is shown under the field for those.
/// </summary>
internal sealed record ParameterField(
    ParameterDefinition Parameter,
    FieldControl Control,
    IReadOnlyDictionary<string, object> Attributes,
    IReadOnlyList<string> Options,
    bool EmptyOption,
    string? DefaultText,
    string Hint,
    IReadOnlyList<string> ServerOnlyRules)
{
    /// <summary>The form field name of a parameter (prefixed, so no parameter name collides with the form's own fields).</summary>
    public static string NameOf(string parameter) => "p." + parameter;

    /// <summary>
    /// An RFC 1123 host name, as <c>NetworkSyntax.IsHostname</c> checks it: labels of 1–63 letters, digits and inner
    /// hyphens, at most 253 characters, an optional final dot.
    /// </summary>
    public const string HostnamePattern = "(?=.{1,253}\\.?$)[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?)*\\.?";

    public string Name => NameOf(Parameter.Name);

    /// <summary>A value is needed: required, with no default to fall back on.</summary>
    public bool IsRequired => Parameter.Required && Parameter.Default is null;

    public static ParameterField For(ParameterDefinition parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        var attributes = new Dictionary<string, object>(StringComparer.Ordinal);
        var serverOnly = new List<string>();
        var required = parameter.Required && parameter.Default is null;
        if (required)
        {
            attributes["required"] = true;
        }

        var hint = new List<string>();
        if (!string.IsNullOrWhiteSpace(parameter.Description))
        {
            hint.Add(parameter.Description.Trim().TrimEnd('.') + ".");
        }

        if (parameter.AllowedValues.Count > 0 || parameter.Type is ParameterType.Enum or ParameterType.Bool)
        {
            var options = parameter.AllowedValues.Count > 0 ? parameter.AllowedValues : ["true", "false"];
            if (parameter.Default is { } chosen)
            {
                hint.Add($"Default: {chosen.Text}.");
            }

            return new ParameterField(parameter, FieldControl.Select, attributes, options, parameter.Default is null, parameter.Default?.Text, Join(hint), serverOnly);
        }

        if (parameter.Type is ParameterType.Int or ParameterType.Float or ParameterType.Port)
        {
            attributes["type"] = "number";
            attributes["inputmode"] = parameter.Type == ParameterType.Float ? "decimal" : "numeric";
            attributes["step"] = parameter.Type == ParameterType.Float ? "any" : "1";
            var min = parameter.MinValue;
            var max = parameter.MaxValue;
            if (parameter.Type == ParameterType.Port)
            {
                min = Math.Max(min ?? 1, 1);
                max = Math.Min(max ?? 65535, 65535);
            }

            if (min is { } low)
            {
                attributes["min"] = Number(parameter.Type, low, up: true);
            }

            if (max is { } high)
            {
                attributes["max"] = Number(parameter.Type, high, up: false);
            }

            hint.Add((min, max) switch
            {
                ({ } a, { } b) => $"From {Number(parameter.Type, a, true)} to {Number(parameter.Type, b, false)}.",
                ({ } a, null) => $"At least {Number(parameter.Type, a, true)}.",
                (null, { } b) => $"At most {Number(parameter.Type, b, false)}.",
                _ => parameter.Type == ParameterType.Float ? "A number." : "A whole number.",
            });
            return new ParameterField(parameter, FieldControl.Number, attributes, [], false, parameter.Default?.Text, Join(hint), serverOnly);
        }

        attributes["type"] = "text";
        attributes["autocomplete"] = "off";
        attributes["spellcheck"] = "false";
        // minlength/maxlength count UTF-16 code units, the server counts characters (code points): the script replaces
        // them with a count of its own (data-min-length/data-max-length), so an emoji is one character as on the server.
        if (parameter.MinLength is { } minLength)
        {
            attributes["minlength"] = minLength.ToString(CultureInfo.InvariantCulture);
            attributes["data-min-length"] = minLength.ToString(CultureInfo.InvariantCulture);
        }

        if (parameter.MaxLength is { } maxLength)
        {
            attributes["maxlength"] = maxLength.ToString(CultureInfo.InvariantCulture);
            attributes["data-max-length"] = maxLength.ToString(CultureInfo.InvariantCulture);
        }

        if (parameter.Type == ParameterType.Hostname)
        {
            attributes["pattern"] = HostnamePattern;
            attributes["data-pattern-message"] = "Enter a host name: letters, digits, '-' and '.'.";
        }
        else if (parameter.Pattern is { } pattern)
        {
            if (BrowserPattern.Translate(pattern.Source) is { } browser)
            {
                attributes["pattern"] = browser;
                attributes["data-pattern-message"] = "Use only the characters described above.";
            }
            else
            {
                serverOnly.Add(ValidationRules.Pattern);
            }
        }

        serverOnly.Add(ValidationRules.ControlCharacters);
        if (parameter.Type == ParameterType.Ip)
        {
            serverOnly.Add(ValidationRules.Ip);
        }

        if (!parameter.AllowShellSyntax && parameter.Type != ParameterType.Hostname)
        {
            serverOnly.Add(ValidationRules.ShellSyntax);
        }

        if (!parameter.AllowLeadingDash && parameter.Type != ParameterType.Hostname)
        {
            serverOnly.Add(ValidationRules.LeadingDash);
        }

        if (parameter.Type == ParameterType.Path)
        {
            serverOnly.AddRange([ValidationRules.PathEncoding, ValidationRules.PathTraversal, ValidationRules.AllowedPaths, ValidationRules.ForbiddenPaths, ValidationRules.SymlinkEscape]);
            if (parameter.AllowedPaths.Count > 0)
            {
                hint.Add($"Within {string.Join(" or ", parameter.AllowedPaths)}.");
            }
        }

        if (parameter.MinLength is { } least && parameter.MaxLength is { } most)
        {
            hint.Add($"{least} to {most} characters.");
        }
        else if (parameter.MaxLength is { } limit)
        {
            hint.Add($"At most {limit} characters.");
        }

        return new ParameterField(parameter, FieldControl.Text, attributes, [], false, parameter.Default?.Text, Join(hint), serverOnly);
    }

    /// <summary>A bound as the browser should see it: a whole-number field gets the nearest whole number inside the range.</summary>
    private static string Number(ParameterType type, double value, bool up)
    {
        var bound = type == ParameterType.Float ? value : up ? Math.Ceiling(value) : Math.Floor(value);
        return bound.ToString("R", CultureInfo.InvariantCulture);
    }

    private static string Join(List<string> parts) => string.Join(" ", parts);
}
