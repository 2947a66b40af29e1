using Microsoft.EntityFrameworkCore;
using SecureExec.Core.Audit;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Audit;

/// <summary>
/// Appends audit entries in the same transaction as the change they record: the caller stages its change on a
/// <see cref="SecureExecDbContext"/>, then <c>SaveAsync</c> reads the chain's head inside the transaction, links
/// the entries, and commits both. The head is read under a lock that spans processes (SQLite: the write lock of
/// <c>BEGIN IMMEDIATE</c>; PostgreSQL: a transaction-scoped advisory lock), so every server instance and the
/// administration subcommands extend the same chain; the unique sequence refuses a fork. The in-process gate only
/// spares this process's requests from queueing on the database.
/// </summary>
public sealed class AuditWriter(TimeProvider time)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Commits <paramref name="db"/>'s pending changes together with one entry per content, in order.</summary>
    public async Task<IReadOnlyList<AuditEntry>> SaveAsync(SecureExecDbContext db, IReadOnlyList<AuditContent> contents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(contents);
        await _gate.WaitAsync(cancellationToken);
        var added = new List<AuditRecord>(contents.Count);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.LockAuditChainAsync(cancellationToken);
            var head = await HeadAsync(db, cancellationToken);
            var now = time.GetUtcNow();
            var entries = new List<AuditEntry>(contents.Count);
            foreach (var content in contents)
            {
                var entry = AuditChain.Link(head, content, now);
                head = AuditChainHead.Of(entry);
                entries.Add(entry);
                var record = AuditRecord.From(entry);
                added.Add(record);
                db.AuditRecords.Add(record);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return entries;
        }
        catch
        {
            foreach (var record in added)
            {
                db.Entry(record).State = EntityState.Detached;
            }

            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Commits <paramref name="db"/>'s pending changes with one audit entry.</summary>
    public async Task<AuditEntry> SaveAsync(SecureExecDbContext db, AuditContent content, CancellationToken cancellationToken = default) =>
        (await SaveAsync(db, [content], cancellationToken))[0];

    private static async Task<AuditChainHead> HeadAsync(SecureExecDbContext db, CancellationToken cancellationToken)
    {
        var last = await db.AuditRecords.AsNoTracking()
            .OrderByDescending(a => a.Sequence)
            .Select(a => new { a.Sequence, a.EntryHash })
            .FirstOrDefaultAsync(cancellationToken);
        return last is null ? AuditChainHead.Empty : new AuditChainHead(last.Sequence, last.EntryHash);
    }
}
