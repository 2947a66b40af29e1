using System.Buffers.Text;
using System.Text;
using System.Text.RegularExpressions;

namespace SecureExec.Server.Jobs;

/// <summary>The opaque <c>cursor</c> of <c>GET /jobs</c>: the last id of a page, so the next starts just past it.</summary>
internal static partial class JobCursor
{
    private const string Prefix = "j1:";

    public static string Encode(string lastId) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(Prefix + lastId));

    public static bool TryDecode(string cursor, out string lastId)
    {
        lastId = "";
        if (cursor.Length > 64)
        {
            return false;
        }

        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
            if (!text.StartsWith(Prefix, StringComparison.Ordinal) || !JobId().IsMatch(text[Prefix.Length..]))
            {
                return false;
            }

            lastId = text[Prefix.Length..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex JobId();
}
