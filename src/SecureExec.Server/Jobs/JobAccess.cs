using System.Security.Claims;
using SecureExec.Core.Authorization;
using SecureExec.Server.Auth;
using SecureExec.Server.Commands;

namespace SecureExec.Server.Jobs;

/// <summary>
/// Who may see and stop a job. Its owner may do both; <c>jobs:read:all</c> reads everyone's jobs; <c>admin</c> may also
/// cancel anyone's. Everyone else gets the answer a nonexistent job gets, so ids never reveal that a job exists.
/// </summary>
internal static class JobAccess
{
    public static bool IsOwner(this ClaimsPrincipal user, JobRecord job) => string.Equals(job.OwnerSubject, user.Subject(), StringComparison.Ordinal);

    public static bool ReadsAll(this ClaimsPrincipal user) => user.HasScope(ReservedScopes.JobsReadAll);

    public static bool CanRead(this ClaimsPrincipal user, JobRecord job) => user.IsOwner(job) || user.ReadsAll();

    public static bool CanCancel(this ClaimsPrincipal user, JobRecord job) => user.IsOwner(job) || user.HasScope(ReservedScopes.Admin);
}
