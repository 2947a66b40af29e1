namespace SecureExec.Server.Console;

/// <summary><c>SecureExec:Console:*</c>: the web console at <c>/console</c> and its session.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "SecureExec:Console";

    /// <summary>Serve the web console (and its login form). Off: the API alone.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A session ends after this long without a request (each request slides it).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A session ends this long after the login, however active (then the user logs in again).</summary>
    public TimeSpan MaxSessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>The session cookie's name.</summary>
    public string CookieName { get; set; } = "secureexec_session";
}
