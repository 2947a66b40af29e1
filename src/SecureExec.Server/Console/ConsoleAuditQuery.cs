using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;
using SecureExec.Server.Audit;
using SecureExec.Server.Auth;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Console;

/// <summary>
/// The audit page's filter form read as <c>GET /audit/logs</c> reads its query, so both apply the same rules: blank
/// fields are left out, a time from the form's pickers (which say UTC and carry no zone) is read as UTC, and an actor
/// given by user name is looked up to the user id the entries record.
/// </summary>
internal static partial class ConsoleAuditQuery
{
    public static readonly string[] TimeFields = ["since", "until"];

    /// <summary>The non-blank fields of <paramref name="form"/>, times completed with their zone.</summary>
    public static Dictionary<string, StringValues> Fields(IEnumerable<KeyValuePair<string, StringValues>> form)
    {
        var fields = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        foreach (var (key, value) in form)
        {
            string?[] kept = [.. value.Where(v => !string.IsNullOrEmpty(v))];
            if (kept.Length == 0)
            {
                continue;
            }

            if (kept.Length == 1 && TimeFields.Contains(key, StringComparer.Ordinal) && PickerTime().IsMatch(kept[0]!))
            {
                kept[0] += "Z";
            }

            fields[key] = kept;
        }

        return fields;
    }

    /// <summary>Replaces an <c>actor</c> that names a user with that user's id; anything else (an id, a client) stays.</summary>
    public static async Task ResolveActorAsync(Dictionary<string, StringValues> fields, SecureExecDbContext db, CancellationToken cancellationToken)
    {
        if (!fields.TryGetValue("actor", out var actor) || actor.Count != 1 || actor[0] is not { Length: > 0 and <= 64 } name)
        {
            return;
        }

        var normalized = UserAccount.Normalize(name);
        var id = await db.Users.AsNoTracking().Where(u => u.NormalizedName == normalized).Select(u => u.Id).FirstOrDefaultAsync(cancellationToken);
        if (id is not null)
        {
            fields["actor"] = id;
        }
    }

    /// <summary>The value a <c>datetime-local</c> picker shows for a time: UTC, to the second, without the zone.</summary>
    public static string? PickerValue(string? text) =>
        text is null ? null
        : AuditTime.TryParse(PickerTime().IsMatch(text) ? text + "Z" : text, out var time)
            ? time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)
            : text;

    /// <summary>What a <c>datetime-local</c> input submits: a date and time without a zone.</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?$")]
    private static partial Regex PickerTime();
}
