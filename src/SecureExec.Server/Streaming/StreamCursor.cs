using System.Globalization;

namespace SecureExec.Server.Streaming;

/// <summary>
/// Where a client is in a job's output: how many bytes of stdout and of stderr it has received. An output event's id is
/// the cursor after it (<c>"stdout.stderr"</c>, e.g. <c>"120.0"</c>); the same cursor resumes from the live buffer or
/// from the stored output, so a reconnecting client gets nothing twice and misses nothing.
/// </summary>
internal readonly record struct StreamCursor(long Stdout, long Stderr)
{
    public static StreamCursor Start { get; } = new(0, 0);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Stdout}.{Stderr}");

    /// <summary>Parses <c>"stdout.stderr"</c>; an empty value is the start.</summary>
    public static bool TryParse(string? text, out StreamCursor cursor)
    {
        cursor = Start;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || text.Length > 41
            || !long.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var stdout)
            || !long.TryParse(text.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var stderr))
        {
            return false;
        }

        cursor = new StreamCursor(stdout, stderr);
        return true;
    }
}
