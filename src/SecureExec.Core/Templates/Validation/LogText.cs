using System.Globalization;
using System.Text;

namespace SecureExec.Core.Templates.Validation;

/// <summary>
/// Encodes user text for logs and audit entries so it cannot forge lines or hide itself: control, format,
/// separator and non-ASCII characters become <c>\uXXXX</c> escapes, and the backslash is escaped too.
/// </summary>
public static class LogText
{
    public static string Encode(string value)
    {
        var needsWork = false;
        foreach (var c in value)
        {
            if (c is < ' ' or > '~' or '\\')
            {
                needsWork = true;
                break;
            }
        }

        if (!needsWork)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            if (c is < ' ' or > '~' or '\\')
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
