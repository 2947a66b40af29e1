using System.Globalization;

namespace SecureExec.Core.Templates;

/// <summary>A value that passed its parameter's rules: the typed value and the exact text that becomes argv.</summary>
public sealed record ValidatedValue
{
    private ValidatedValue(ParameterType type, object value, string text)
    {
        Type = type;
        Value = value;
        Text = text;
    }

    public ParameterType Type { get; }

    /// <summary>string, long, double or bool.</summary>
    public object Value { get; }

    /// <summary>The text placed into the argv element.</summary>
    public string Text { get; }

    public static ValidatedValue OfText(ParameterType type, string text) => new(type, text, text);

    public static ValidatedValue OfInteger(ParameterType type, long value) => new(type, value, value.ToString(CultureInfo.InvariantCulture));

    public static ValidatedValue OfFloat(double value) => new(ParameterType.Float, value, value.ToString("R", CultureInfo.InvariantCulture));

    public static ValidatedValue OfBool(bool value) => new(ParameterType.Bool, value, value ? "true" : "false");
}
