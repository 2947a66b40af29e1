using SecureExec.Core.Audit;
using SecureExec.Server.Api;

namespace SecureExec.Server.Auth.Accounts;

/// <summary>
/// Who made an administration change, as every audit entry for it records: an administrator's token over HTTP,
/// the operating-system user for the command line (<c>cli:NAME</c>), or the server itself at first start.
/// </summary>
internal sealed class AdminActor
{
    private readonly AuditContent _origin;

    private AdminActor(AuditContent origin)
    {
        _origin = origin;
    }

    /// <summary>The subject the command line records: <c>cli:</c> and the operating-system user running it.</summary>
    public static string CliSubject => $"cli:{Environment.UserName}";

    public const string BootstrapSubject = "system:bootstrap";

    /// <summary>The caller of an admin API request: their token's subject and client, address and correlation id.</summary>
    public static AdminActor Of(HttpContext context) => new(context.Audit(AuditActions.UserUpdated, AuditOutcomes.Success));

    public static AdminActor Cli() => OfSubject(CliSubject);

    public static AdminActor Bootstrap() => OfSubject(BootstrapSubject);

    public AuditContent Content(string action, IReadOnlyDictionary<string, string> details) =>
        _origin with { Action = action, Outcome = AuditOutcomes.Success, Details = details };

    private static AdminActor OfSubject(string subject) => new(new AuditContent
    {
        Action = AuditActions.UserUpdated,
        Outcome = AuditOutcomes.Success,
        Actor = new AuditActor(subject, null),
    });
}
