namespace SecureExec.Server.Api;

/// <summary>
/// The stable <c>type</c> of every problem-details response (RFC 9457). Clients branch on these; a type never changes
/// once shipped. Each resolves to a section of docs/api.md.
/// </summary>
public static class ProblemTypes
{
    private const string Base = "https://secureexec.dev/problems/";

    public const string Validation = Base + "validation";
    public const string InjectionAttempt = Base + "injection-attempt";
    public const string Unauthorized = Base + "unauthorized";
    public const string Forbidden = Base + "forbidden";
    public const string NotFound = Base + "not-found";
    public const string Conflict = Base + "conflict";
    public const string RateLimited = Base + "rate-limited";
    public const string QueueFull = Base + "queue-full";
    public const string Unavailable = Base + "unavailable";
    public const string Internal = Base + "internal";
    public const string BadRequest = Base + "bad-request";
    public const string MethodNotAllowed = Base + "method-not-allowed";
    public const string UnsupportedMediaType = Base + "unsupported-media-type";
}
