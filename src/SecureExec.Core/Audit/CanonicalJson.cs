using System.Globalization;
using System.Text;

namespace SecureExec.Core.Audit;

/// <summary>
/// Writes the JSON subset the audit formats use (objects, strings, integers, null) exactly as RFC 8785 (JCS) does:
/// no whitespace, members in the order written (callers write them sorted), strings escaped with the short forms
/// and lowercase <c>\u00xx</c> for other control characters, and the result encoded as strict UTF-8.
/// </summary>
internal sealed class CanonicalJson
{
    /// <summary>Above this an integer is no longer exact in JCS (IEEE 754 doubles).</summary>
    public const long MaxInteger = (1L << 53) - 1;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly StringBuilder _text = new(512);
    private bool _first = true;

    public CanonicalJson StartObject()
    {
        _text.Append('{');
        _first = true;
        return this;
    }

    public CanonicalJson EndObject()
    {
        _text.Append('}');
        _first = false;
        return this;
    }

    public CanonicalJson Name(string name)
    {
        if (!_first)
        {
            _text.Append(',');
        }

        WriteString(name);
        _text.Append(':');
        _first = true;
        return this;
    }

    public CanonicalJson String(string? value)
    {
        if (value is null)
        {
            _text.Append("null");
        }
        else
        {
            WriteString(value);
        }

        _first = false;
        return this;
    }

    public CanonicalJson Integer(long value)
    {
        if (value is < 0 or > MaxInteger)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "outside the integers JSON represents exactly");
        }

        _text.Append(value.ToString(CultureInfo.InvariantCulture));
        _first = false;
        return this;
    }

    /// <summary>The UTF-8 bytes; throws <see cref="ArgumentException"/> on text that is not valid UTF-16.</summary>
    public byte[] ToUtf8()
    {
        try
        {
            return StrictUtf8.GetBytes(_text.ToString());
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("text holds a lone surrogate", e);
        }
    }

    public override string ToString() => _text.ToString();

    /// <summary>UTC with exactly six fractional digits: <c>2026-01-02T03:04:05.123456Z</c>.</summary>
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The time as entries and checkpoints keep it: UTC, whole microseconds.</summary>
    public static DateTimeOffset ToMicroseconds(DateTimeOffset time)
    {
        var ticks = time.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % 10), TimeSpan.Zero);
    }

    private void WriteString(string value)
    {
        _text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': _text.Append("\\\""); break;
                case '\\': _text.Append("\\\\"); break;
                case '\b': _text.Append("\\b"); break;
                case '\f': _text.Append("\\f"); break;
                case '\n': _text.Append("\\n"); break;
                case '\r': _text.Append("\\r"); break;
                case '\t': _text.Append("\\t"); break;
                case < ' ': _text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: _text.Append(c); break;
            }
        }

        _text.Append('"');
    }
}
