using System.Globalization;
using System.Text;
using SecureExec.Sandbox;

namespace SecureExec.Server.Jobs;

/// <summary>
/// A slice of one output stream: <c>data</c> is UTF-8 text when the slice decodes cleanly, otherwise base64
/// (<c>encoding</c> says which). <c>nextOffset</c> is where the next slice starts, null once the job has ended and
/// the stream is read to its end.
/// </summary>
public sealed record JobOutputPage(
    string Stream, long Offset, int Length, long Total, string Encoding, string Data, long? NextOffset, bool Complete, bool Truncated)
{
    public const int DefaultLength = 64 * 1024;
    public const int MaxLength = 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    internal static JobOutputPage Of(OutputStreamKind stream, byte[] bytes, long offset, int length, bool complete, bool truncated)
    {
        var start = (int)Math.Min(offset, bytes.Length);
        var count = Math.Min(length, bytes.Length - start);
        var slice = bytes.AsSpan(start, count);
        string encoding;
        string data;
        try
        {
            data = StrictUtf8.GetString(slice);
            encoding = "utf-8";
        }
        catch (DecoderFallbackException)
        {
            data = Convert.ToBase64String(slice);
            encoding = "base64";
        }

        long end = start + count;
        long? next = complete && end >= bytes.Length ? null : end;
        return new JobOutputPage(stream == OutputStreamKind.Stdout ? "stdout" : "stderr", start, count, bytes.Length, encoding, data, next, complete, truncated);
    }

    /// <summary>Reads <c>stream</c>, <c>offset</c> and <c>length</c>, or names the one that is wrong.</summary>
    internal static (OutputStreamKind Stream, long Offset, int Length, string Field, string Error) ParseQuery(IQueryCollection query)
    {
        var streamText = query["stream"].ToString();
        OutputStreamKind stream;
        switch (streamText)
        {
            case "" or "stdout":
                stream = OutputStreamKind.Stdout;
                break;
            case "stderr":
                stream = OutputStreamKind.Stderr;
                break;
            default:
                return (default, 0, 0, "stream", "stream must be stdout or stderr");
        }

        long offset = 0;
        var offsetText = query["offset"].ToString();
        if (offsetText.Length > 0 && !long.TryParse(offsetText, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            return (default, 0, 0, "offset", "offset must be a whole number of bytes, 0 or more");
        }

        var length = DefaultLength;
        var lengthText = query["length"].ToString();
        if (lengthText.Length > 0 && (!int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out length) || length is < 1 or > MaxLength))
        {
            return (default, 0, 0, "length", $"length must be a whole number of bytes from 1 to {MaxLength}");
        }

        return (stream, offset, length, "", "");
    }
}
