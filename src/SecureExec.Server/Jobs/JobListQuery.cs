using System.Globalization;
using SecureExec.Core.Jobs;
using SecureExec.Server.Commands;

namespace SecureExec.Server.Jobs;

/// <summary>
/// The filters of <c>GET /jobs</c>, checked before any query runs: <c>status</c> (comma-separated names),
/// <c>template</c>, <c>since</c>/<c>until</c> (ISO 8601 instants), <c>limit</c> (1–100), <c>cursor</c>, and — for holders
/// of <c>jobs:read:all</c> — <c>owner</c> or <c>all=true</c>.
/// </summary>
internal sealed record JobListQuery(
    string? Owner, IReadOnlyList<string> Statuses, string? Template, DateTimeOffset? Since, DateTimeOffset? Until, int Limit, string? After)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>The query, or the parameter that is wrong and why; <c>Forbidden</c> when it asks for others' jobs without the scope.</summary>
    public static (JobListQuery? Query, string Field, string Error, bool Forbidden) Parse(HttpContext context) =>
        Parse(context.Request.Query, context.User);

    /// <summary>The same, from any query (the console's history page passes its own).</summary>
    public static (JobListQuery? Query, string Field, string Error, bool Forbidden) Parse(IQueryCollection query, System.Security.Claims.ClaimsPrincipal user)
    {
        string? owner = user.Subject();
        var askedOwner = query["owner"].ToString();
        var all = query["all"].ToString();
        if (all.Length > 0 && all is not ("true" or "false"))
        {
            return (null, "all", "all must be true or false", false);
        }

        if (all == "true" || (askedOwner.Length > 0 && askedOwner != owner))
        {
            if (!user.ReadsAll())
            {
                return (null, "", "", true);
            }

            owner = all == "true" ? null : askedOwner;
        }

        var statuses = new List<string>();
        foreach (var name in query["status"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!JobStatusNames.TryParse(name, out _))
            {
                return (null, "status", $"status must be one of {string.Join(", ", JobStatusNames.All)}", false);
            }

            statuses.Add(name);
        }

        if (!TryInstant(query["since"].ToString(), out var since))
        {
            return (null, "since", "since must be an ISO 8601 date and time", false);
        }

        if (!TryInstant(query["until"].ToString(), out var until))
        {
            return (null, "until", "until must be an ISO 8601 date and time", false);
        }

        var limit = DefaultLimit;
        var limitText = query["limit"].ToString();
        if (limitText.Length > 0 && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return (null, "limit", $"limit must be a whole number from 1 to {MaxLimit}", false);
        }

        string? after = null;
        var cursor = query["cursor"].ToString();
        if (cursor.Length > 0)
        {
            if (!JobCursor.TryDecode(cursor, out var lastId))
            {
                return (null, "cursor", "cursor must be a value returned as next by an earlier page", false);
            }

            after = lastId;
        }

        var template = query["template"].ToString();
        return (new JobListQuery(owner, statuses, template.Length > 0 ? template : null, since, until, limit, after), "", "", false);
    }

    /// <summary>The filtered jobs, newest first, one more than a page so the caller knows whether another follows.</summary>
    public IQueryable<JobRecord> Apply(IQueryable<JobRecord> jobs)
    {
        if (Owner is not null)
        {
            jobs = jobs.Where(j => j.OwnerSubject == Owner);
        }

        if (Statuses.Count > 0)
        {
            jobs = jobs.Where(j => Statuses.Contains(j.Status));
        }

        if (Template is not null)
        {
            jobs = jobs.Where(j => j.Template == Template);
        }

        if (Since is { } since)
        {
            jobs = jobs.Where(j => j.CreatedAt >= since);
        }

        if (Until is { } until)
        {
            jobs = jobs.Where(j => j.CreatedAt < until);
        }

        if (After is not null)
        {
            jobs = jobs.Where(j => string.Compare(j.Id, After) < 0);
        }

        return jobs.OrderByDescending(j => j.Id).Take(Limit + 1);
    }

    private static bool TryInstant(string text, out DateTimeOffset? instant)
    {
        instant = null;
        if (text.Length == 0)
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        instant = parsed.ToUniversalTime();
        return true;
    }
}
