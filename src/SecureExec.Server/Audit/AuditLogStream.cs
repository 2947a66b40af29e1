using Microsoft.EntityFrameworkCore;
using SecureExec.Core.Audit;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Audit;

/// <summary>
/// Reads a range of the stored log in sequence order, one batch of rows at a time, so verifying or exporting a large
/// log never holds more than a batch in memory. The range is fixed when reading starts: entries appended meanwhile
/// are left for the next reader.
/// </summary>
internal static class AuditLogStream
{
    public const int BatchSize = 1000;

    /// <summary>The stored range: the lowest and highest sequence numbers; null for an empty log.</summary>
    public static async Task<(long First, long Last)?> RangeAsync(SecureExecDbContext db, AuditLogFilter? filter, CancellationToken cancellationToken)
    {
        var rows = filter?.Apply(db.AuditRecords.AsNoTracking()) ?? db.AuditRecords.AsNoTracking();
        var last = await rows.MaxAsync(a => (long?)a.Sequence, cancellationToken);
        if (last is null)
        {
            return null;
        }

        var first = await rows.Where(a => a.Sequence <= last).MinAsync(a => (long?)a.Sequence, cancellationToken);
        return (first ?? last.Value, last.Value);
    }

    /// <summary>Entries from <paramref name="first"/> to <paramref name="last"/> inclusive, synchronously (the verifier's input).</summary>
    public static IEnumerable<AuditEntry> Read(SecureExecDbContext db, long first, long last, CancellationToken cancellationToken)
    {
        var after = first - 1;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = Batch(db, after, last).ToList();
            foreach (var row in batch)
            {
                yield return row.ToEntry();
            }

            if (batch.Count < BatchSize)
            {
                yield break;
            }

            after = batch[^1].Sequence;
        }
    }

    /// <summary>Entries from <paramref name="first"/> to <paramref name="last"/> inclusive, for writing out as they come.</summary>
    public static async IAsyncEnumerable<AuditEntry> ReadAsync(
        SecureExecDbContext db, long first, long last, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = first - 1;
        while (true)
        {
            var batch = await Batch(db, after, last).ToListAsync(cancellationToken);
            foreach (var row in batch)
            {
                yield return row.ToEntry();
            }

            if (batch.Count < BatchSize)
            {
                yield break;
            }

            after = batch[^1].Sequence;
        }
    }

    private static IQueryable<AuditRecord> Batch(SecureExecDbContext db, long after, long last) =>
        db.AuditRecords.AsNoTracking()
            .Where(a => a.Sequence > after && a.Sequence <= last)
            .OrderBy(a => a.Sequence)
            .Take(BatchSize);
}
