using System.Collections.Frozen;

namespace SecureExec.Core.Authorization;

/// <summary>
/// Scopes the server itself gives a fixed meaning (docs/permissions.md). Templates name their own scopes; these
/// guard the server's own endpoints.
/// </summary>
public static class ReservedScopes
{
    /// <summary>Read the audit log (<c>GET /audit/logs</c>, <c>GET /audit/verify</c>).</summary>
    public const string AuditRead = "audit:read";

    /// <summary>Read every user's jobs, not only one's own.</summary>
    public const string JobsReadAll = "jobs:read:all";

    /// <summary>Administer users, roles and clients. It does not grant any template: templates need their own scopes.</summary>
    public const string Admin = "admin";

    public static IReadOnlySet<string> All { get; } = new[] { AuditRead, JobsReadAll, Admin }.ToFrozenSet(StringComparer.Ordinal);

    public static bool IsReserved(string scope) => All.Contains(scope);
}
