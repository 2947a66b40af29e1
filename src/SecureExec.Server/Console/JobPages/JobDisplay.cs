using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SecureExec.Server.Console.JobPages;

/// <summary>How the console writes a job's numbers, times and stored output.</summary>
internal static partial class JobDisplay
{
    /// <summary>At most this much of each stream is written into the page itself; the rest is in the API's output pages.</summary>
    public const int MaxRenderedBytes = 256 * 1024;

    public static string Time(DateTimeOffset? instant) =>
        instant is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "—";

    public static string IsoTime(DateTimeOffset? instant) =>
        instant is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "";

    public static string Duration(long milliseconds) => milliseconds switch
    {
        < 1000 => $"{milliseconds} ms",
        < 60_000 => (milliseconds / 1000.0).ToString("0.0# 's'", CultureInfo.InvariantCulture),
        _ => $"{milliseconds / 60_000} min {milliseconds % 60_000 / 1000} s",
    };

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.# 'KiB'", CultureInfo.InvariantCulture),
        _ => (bytes / 1024.0 / 1024.0).ToString("0.# 'MiB'", CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Output as plain text for the page without script: invalid UTF-8 replaced, terminal escape sequences (colours,
    /// cursor movement, titles) removed, so nothing but text reaches the page.
    /// </summary>
    public static (string Text, bool Cut) PlainText(byte[] bytes)
    {
        var cut = bytes.Length > MaxRenderedBytes;
        var text = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, MaxRenderedBytes));
        return (EscapeSequence().Replace(text, "").Replace("\u001b", "", StringComparison.Ordinal), cut);
    }

    // CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), and two-character escapes.
    [GeneratedRegex("\u001b(?:\\[[0-?]*[ -/]*[@-~]|\\][^\u0007\u001b]*(?:\u0007|\u001b\\\\)?|[@-Z\\\\-_])")]
    private static partial Regex EscapeSequence();
}
