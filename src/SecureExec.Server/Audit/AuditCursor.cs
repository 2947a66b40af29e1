using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace SecureExec.Server.Audit;

/// <summary>
/// Where the next page starts: the last sequence number returned and the direction it was read in, as opaque
/// base64url text. Sequence numbers never change, so paging by them has no gaps and no duplicates even while
/// entries are appended (newest first, they simply appear before the first page).
/// </summary>
internal readonly record struct AuditCursor(bool Ascending, long AfterSequence)
{
    private const string AscendingTag = "a";
    private const string DescendingTag = "d";

    public string Encode() =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(
            $"v1:{(Ascending ? AscendingTag : DescendingTag)}:{AfterSequence.ToString(CultureInfo.InvariantCulture)}"));

    public static bool TryDecode(string text, out AuditCursor cursor)
    {
        cursor = default;
        if (text.Length > 64 || !Base64Url.IsValid(text))
        {
            return false;
        }

        var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text)).Split(':');
        if (parts is not ["v1", AscendingTag or DescendingTag, var number]
            || !long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return false;
        }

        cursor = new AuditCursor(parts[1] == AscendingTag, sequence);
        return true;
    }
}
