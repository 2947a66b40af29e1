using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SecureExec.Core.Audit;
using SecureExec.Core.Jobs;
using SecureExec.Core.Templates;
using SecureExec.Core.Templates.Validation;
using SecureExec.Server.Api;
using SecureExec.Server.Audit;
using SecureExec.Server.Commands;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Jobs;

/// <summary>What became of a validated submission.</summary>
internal enum SubmissionOutcome
{
    /// <summary>A new job was committed and published.</summary>
    Accepted,

    /// <summary>The same owner sent the same Idempotency-Key with the same request: the original job.</summary>
    Replayed,

    /// <summary>The Idempotency-Key was used before for a different request.</summary>
    KeyConflict,

    /// <summary>The queue had no place; nothing was stored.</summary>
    QueueFull,

    /// <summary>The queue could not be reached; nothing was stored.</summary>
    QueueUnavailable,
}

internal sealed record Submission(SubmissionOutcome Outcome, JobRecord? Job = null, Task? Finished = null);

/// <summary>
/// Turns a validated request into a job: the row (queued) and its <c>job.submitted</c> entry in one transaction, then
/// the queue message. A place in the queue is reserved before the commit, so a full queue stores nothing.
/// </summary>
internal sealed class JobSubmitter(TemplateCatalog catalog, AuditWriter audit, IJobQueue queue, JobCompletions completions, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<Submission> SubmitAsync(HttpContext context, SecureExecDbContext db, ValidatedRequest request, string? idempotencyKey, bool watch)
    {
        var owner = context.User.Subject();
        if (idempotencyKey is not null && await ReplayAsync(db, owner, idempotencyKey, request) is { } replay)
        {
            return replay;
        }

        var reservation = await queue.TryReserveAsync(context.RequestAborted);
        if (reservation != Reservation.Reserved)
        {
            var full = reservation == Reservation.Full;
            await audit.SaveAsync(db, context.Audit(AuditActions.JobRejected, AuditOutcomes.Denied) with
            {
                Template = request.Template.Name,
                Details = new Dictionary<string, string> { ["reason"] = full ? "queue_full" : "queue_unavailable" },
            });
            return new Submission(full ? SubmissionOutcome.QueueFull : SubmissionOutcome.QueueUnavailable);
        }

        var published = false;
        try
        {
            var job = NewJob(context, request, owner, idempotencyKey);
            db.Jobs.Add(job);
            try
            {
                await audit.SaveAsync(db, context.Audit(AuditActions.JobSubmitted, AuditOutcomes.Success) with
                {
                    Template = job.Template,
                    JobId = job.Id,
                    Details = AuditRequestDetails.For(request),
                });
            }
            catch (DbUpdateException e) when (idempotencyKey is not null && StorageFailures.IsUniqueViolation(e))
            {
                // Another request with the same key committed first: answer as its retry.
                db.Entry(job).State = EntityState.Detached;
                return await ReplayAsync(db, owner, idempotencyKey, request)
                    ?? throw new InvalidOperationException("A job with this idempotency key could not be stored or found.");
            }

            var finished = watch ? completions.Watch(job.Id) : null;
            await queue.PublishAsync(job.Id);
            published = true;
            return new Submission(SubmissionOutcome.Accepted, job, finished);
        }
        finally
        {
            if (!published)
            {
                queue.Release();
            }
        }
    }

    private async Task<Submission?> ReplayAsync(SecureExecDbContext db, string owner, string key, ValidatedRequest request)
    {
        var existing = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.OwnerSubject == owner && j.IdempotencyKey == key);
        if (existing is null)
        {
            return null;
        }

        return existing.RequestHash == RequestHash(existing.Id, request)
            ? new Submission(SubmissionOutcome.Replayed, existing)
            : new Submission(SubmissionOutcome.KeyConflict);
    }

    private JobRecord NewJob(HttpContext context, ValidatedRequest request, string owner, string? idempotencyKey)
    {
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now).ToString("N");
        return new JobRecord
        {
            Id = id,
            Template = request.Template.Name,
            CatalogSha256 = catalog.ContentSha256,
            ParametersForLogJson = JsonSerializer.Serialize(new SortedDictionary<string, string>(request.ValuesForLog().ToDictionary(), StringComparer.Ordinal), Json),
            ArgvJson = JsonSerializer.Serialize(request.Argv, Json),
            ArgvForLogJson = JsonSerializer.Serialize(request.ArgvForLog(), Json),
            ArgvSha256 = AuditRequestDetails.ArgvDigest(request),
            Status = JobStatus.Queued.Name(),
            OwnerSubject = owner,
            OwnerClientId = context.User.ClientId(),
            CorrelationId = Observability.CorrelationId.GetCorrelationId(context),
            IdempotencyKey = idempotencyKey,
            RequestHash = idempotencyKey is null ? null : RequestHash(id, request),
            CreatedAt = now,
        };
    }

    /// <summary>
    /// SHA-256 over the job id (a salt, so equal requests of different jobs do not share a hash), the template and
    /// every validated value, in name order.
    /// </summary>
    internal static string RequestHash(string jobId, ValidatedRequest request)
    {
        var canonical = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in request.Values)
        {
            canonical[name] = value.Text;
        }

        var text = JsonSerializer.Serialize(new object[] { jobId, request.Template.Name, canonical });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
