using SecureExec.Core.Templates.Validation;

namespace SecureExec.Core.Audit;

/// <summary>Who acted: the authenticated subject (user id) and the OAuth client, either unknown when refused early.</summary>
public sealed record AuditActor(string? Subject, string? ClientId)
{
    public static AuditActor Anonymous { get; } = new(null, null);
}

/// <summary>
/// What the caller records; <see cref="AuditChain"/> adds the sequence, time and hashes. Detail values must already
/// be masked (see <see cref="AuditRequestDetails"/>); the chain encodes all text with <see cref="LogText.Encode"/>
/// and masks any detail whose key names a secret, so neither a line break nor a password reaches the log.
/// </summary>
public sealed record AuditContent
{
    public required string Action { get; init; }

    public required string Outcome { get; init; }

    public AuditActor Actor { get; init; } = AuditActor.Anonymous;

    /// <summary>The client's address as the server saw it (after trusted proxies).</summary>
    public string? SourceAddress { get; init; }

    /// <summary>The request's <c>X-Correlation-ID</c>.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>The template's name, as requested (an unknown name is recorded encoded, never looked up).</summary>
    public string? Template { get; init; }

    public string? JobId { get; init; }

    public IReadOnlyDictionary<string, string> Details { get; init; } = AuditEntry.NoDetails;

    /// <summary>Parts of detail keys whose values are never written, whatever the caller passed.</summary>
    private static readonly string[] SecretKeyParts = ["password", "secret", "token", "authorization", "cookie", "api_key", "apikey"];

    internal static bool IsSecretKey(string key) =>
        SecretKeyParts.Any(part => key.Contains(part, StringComparison.OrdinalIgnoreCase));

    /// <summary>The content as it is stored and hashed: every text encoded, secret-named details masked.</summary>
    internal AuditContent Encoded()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Action);
        ArgumentException.ThrowIfNullOrWhiteSpace(Outcome);
        var details = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in Details)
        {
            details[LogText.Encode(key)] = IsSecretKey(key) ? ValidatedRequest.Mask : LogText.Encode(value);
        }

        return new AuditContent
        {
            Action = LogText.Encode(Action),
            Outcome = LogText.Encode(Outcome),
            Actor = new AuditActor(EncodeOrNull(Actor.Subject), EncodeOrNull(Actor.ClientId)),
            SourceAddress = EncodeOrNull(SourceAddress),
            CorrelationId = EncodeOrNull(CorrelationId),
            Template = EncodeOrNull(Template),
            JobId = EncodeOrNull(JobId),
            Details = details.AsReadOnly(),
        };
    }

    private static string? EncodeOrNull(string? value) => value is null ? null : LogText.Encode(value);
}
