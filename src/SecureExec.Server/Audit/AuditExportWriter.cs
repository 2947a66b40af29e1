using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using SecureExec.Core.Audit;
using SecureExec.Server.Api;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Audit;

/// <summary>
/// Exports a contiguous run of the stored log as JSON Lines (<see cref="AuditExport.ToJsonLine(AuditEntry)"/>, one
/// entry a line, hashes included) so it verifies offline. The export itself is recorded as <c>audit.exported</c>
/// before any line is written, naming the run of sequence numbers it covers.
/// </summary>
internal static class AuditExportWriter
{
    public const string ContentType = "application/jsonl; charset=utf-8";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// The run to export: from the first entry at or after <c>since</c> to the last before <c>until</c>, every
    /// sequence number in between included so the run has no holes; null when no entry is in the window.
    /// </summary>
    /// <summary>
    /// An export of <paramref name="window"/> as a download, its <c>audit.exported</c> entry committed first
    /// (<paramref name="via"/>: <c>api</c> or <c>console</c>): what <c>GET /audit/export</c> and the console both answer.
    /// </summary>
    public static async Task<PushStreamHttpResult> ExportAsync(
        HttpContext context, SecureExecDbContext db, AuditWriter audit, AuditLogFilter window, string via, CancellationToken cancellationToken)
    {
        var range = await RangeAsync(db, window, cancellationToken);
        await audit.SaveAsync(db, context.Audit(AuditActions.AuditExported, AuditOutcomes.Success) with
        {
            Details = Details(range, window, via),
        }, cancellationToken);
        return TypedResults.Stream(body => WriteAsync(db, range, body, cancellationToken), ContentType, fileDownloadName: "audit.jsonl");
    }

    public static Task<(long First, long Last)?> RangeAsync(SecureExecDbContext db, AuditLogFilter window, CancellationToken cancellationToken) =>
        AuditLogStream.RangeAsync(db, window, cancellationToken);

    /// <summary>The details of the <c>audit.exported</c> entry.</summary>
    public static Dictionary<string, string> Details((long First, long Last)? range, AuditLogFilter window, string via)
    {
        var details = new Dictionary<string, string>
        {
            ["via"] = via,
            ["entries"] = range is { } r ? (r.Last - r.First + 1).ToString(CultureInfo.InvariantCulture) : "0",
        };
        if (range is { } run)
        {
            details["first_sequence"] = run.First.ToString(CultureInfo.InvariantCulture);
            details["last_sequence"] = run.Last.ToString(CultureInfo.InvariantCulture);
        }

        if (window.SinceMicros is { } since)
        {
            details["since"] = AuditTime.Format(DateTimeOffset.UnixEpoch.AddTicks(since * 10));
        }

        if (window.UntilMicros is { } until)
        {
            details["until"] = AuditTime.Format(DateTimeOffset.UnixEpoch.AddTicks(until * 10));
        }

        return details;
    }

    /// <summary>Writes the run, one line per entry ending in <c>\n</c>; returns how many lines were written.</summary>
    public static async Task<long> WriteAsync(SecureExecDbContext db, (long First, long Last)? range, TextWriter writer, CancellationToken cancellationToken)
    {
        if (range is not { } run)
        {
            return 0;
        }

        long count = 0;
        await foreach (var entry in AuditLogStream.ReadAsync(db, run.First, run.Last, cancellationToken))
        {
            await writer.WriteAsync((AuditExport.ToJsonLine(entry) + "\n").AsMemory(), cancellationToken);
            count++;
        }

        await writer.FlushAsync(cancellationToken);
        return count;
    }

    /// <summary>Writes the run to a stream as UTF-8 without a byte-order mark.</summary>
    public static async Task<long> WriteAsync(SecureExecDbContext db, (long First, long Last)? range, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, Utf8, bufferSize: 64 * 1024, leaveOpen: true);
        return await WriteAsync(db, range, writer, cancellationToken);
    }
}
