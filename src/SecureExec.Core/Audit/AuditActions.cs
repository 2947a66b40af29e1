namespace SecureExec.Core.Audit;

/// <summary>
/// The stable names of audited actions. They appear in entries, filters, exports and reports, so a name never
/// changes once shipped; a new kind of event gets a new name.
/// </summary>
public static class AuditActions
{
    public const string TokenRejected = "auth.token_rejected";
    public const string LoginSucceeded = "auth.login_succeeded";
    public const string LoginFailed = "auth.login_failed";
    public const string Locked = "auth.locked";
    public const string TokenRefreshed = "auth.token_refreshed";
    public const string RefreshReuse = "auth.refresh_reuse";
    public const string TokenRevoked = "auth.token_revoked";

    public const string Denied = "authz.denied";
    public const string UnknownCommand = "authz.unknown_command";

    public const string JobSubmitted = "job.submitted";
    public const string JobRejected = "job.rejected";
    public const string JobStarted = "job.started";
    public const string JobFinished = "job.finished";
    public const string JobCancelled = "job.cancelled";

    public const string InjectionAttempt = "security.injection_attempt";

    public const string StreamDenied = "stream.denied";

    public const string UserCreated = "admin.user_created";
    public const string UserUpdated = "admin.user_updated";
    public const string UserDisabled = "admin.user_disabled";
    public const string UserEnabled = "admin.user_enabled";
    public const string PasswordReset = "admin.password_reset";
    public const string RoleChanged = "admin.role_changed";
    public const string ClientCreated = "admin.client_created";
    public const string ClientRevoked = "admin.client_revoked";
    public const string SigningKeyRotated = "admin.signing_key_rotated";
    public const string CatalogReloaded = "admin.catalog_reloaded";
    public const string AnomalyAcknowledged = "admin.anomaly_acknowledged";

    public const string AuditExported = "audit.exported";
    public const string AuditPruned = "audit.pruned";
    public const string CheckpointSigned = "audit.checkpoint_signed";

    /// <summary>Every name above, for filters and invariant tests.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        TokenRejected, LoginSucceeded, LoginFailed, Locked, TokenRefreshed, RefreshReuse, TokenRevoked,
        Denied, UnknownCommand,
        JobSubmitted, JobRejected, JobStarted, JobFinished, JobCancelled,
        InjectionAttempt, StreamDenied,
        UserCreated, UserUpdated, UserDisabled, UserEnabled, PasswordReset, RoleChanged, ClientCreated,
        ClientRevoked, SigningKeyRotated, CatalogReloaded, AnomalyAcknowledged,
        AuditExported, AuditPruned, CheckpointSigned,
    ];
}

/// <summary>The stable outcome names of an audited action.</summary>
public static class AuditOutcomes
{
    /// <summary>The action was carried out (a login, a submission, a job that ran to its end).</summary>
    public const string Success = "success";

    /// <summary>The action was attempted and failed (a wrong password, a job that exited non-zero or hit a limit).</summary>
    public const string Failure = "failure";

    /// <summary>The action was refused by policy: authentication, authorization, validation or rate limits.</summary>
    public const string Denied = "denied";

    public static IReadOnlyList<string> All { get; } = [Success, Failure, Denied];
}
