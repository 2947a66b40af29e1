using System.Globalization;

namespace SecureExec.Server.Audit;

/// <summary>Times as the audit API reads and writes them: ISO 8601 with a zone, stored as UTC microseconds.</summary>
internal static class AuditTime
{
    public const string Rule = "an ISO 8601 date and time with a zone designator, such as 2026-01-02T03:04:05Z";

    /// <summary>
    /// Reads <c>2026-01-02T03:04:05Z</c>, fractions and offsets included; a time without a zone is refused, since
    /// the reader's zone and the server's may differ.
    /// </summary>
    public static bool TryParse(string? text, out DateTimeOffset time)
    {
        time = default;
        if (string.IsNullOrEmpty(text) || text.Length > 40 || !text.Contains('T', StringComparison.Ordinal))
        {
            return false;
        }

        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)
            || parsed.Kind == DateTimeKind.Unspecified)
        {
            return false;
        }

        time = new DateTimeOffset(parsed.ToUniversalTime(), TimeSpan.Zero);
        return true;
    }

    public static long ToMicros(DateTimeOffset time) => (time.UtcDateTime - DateTime.UnixEpoch).Ticks / 10;

    /// <summary>RFC 3339 UTC with six fractional digits, as in exports: <c>2026-01-02T03:04:05.123456Z</c>.</summary>
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
