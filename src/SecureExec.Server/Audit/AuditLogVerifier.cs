using SecureExec.Core.Audit;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Audit;

/// <summary>
/// Recomputes the stored chain from its first row to the head as it stands when verification starts, streaming rows
/// in batches, and logs the verdict. Used by <c>GET /audit/verify</c> and <c>audit verify</c>.
/// </summary>
internal sealed partial class AuditLogVerifier(ILogger<AuditLogVerifier> logger)
{
    public async Task<AuditVerification> VerifyAsync(SecureExecDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var range = await AuditLogStream.RangeAsync(db, null, cancellationToken);
        var entries = range is { } stored ? AuditLogStream.Read(db, stored.First, stored.Last, cancellationToken) : [];

        // Rows whose first sequence is not 1 are reported by the verifier as deleted; no pruning exists yet.
        // TODO: pass the latest stored signed checkpoint as `last` (and the pruning one as `start`) once they are stored.
        var result = new AuditVerifier().Verify(entries);
        if (result.Break is { } broken)
        {
            Broken(logger, broken.Sequence, broken.Kind, broken.Message, result.EntriesVerified);
        }
        else
        {
            Intact(logger, result.EntriesVerified, result.Head.Hash);
        }

        return result;
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Audit log intact: {AuditEntriesVerified} entries, head {AuditHeadHash}")]
    private static partial void Intact(ILogger logger, long auditEntriesVerified, string auditHeadHash);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Critical, Message = "Audit log broken at entry {AuditBreakSequence} ({AuditBreakKind}): {AuditBreakMessage}; {AuditEntriesVerified} entries verified before it")]
    private static partial void Broken(ILogger logger, long auditBreakSequence, AuditBreakKind auditBreakKind, string auditBreakMessage, long auditEntriesVerified);
}
