namespace SecureExec.Server.Auth;

/// <summary><c>SecureExec:Auth:*</c>: token lifetimes, grants and the password hash cost.</summary>
public sealed class AuthOptions
{
    public const string Section = "SecureExec:Auth";

    /// <summary>The <c>iss</c> of every token; by default the address the request came in on.</summary>
    public string? Issuer { get; set; }

    /// <summary>The <c>aud</c> of every access token, checked on every request.</summary>
    public string Audience { get; set; } = "secureexec";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Absolute: a rotated refresh token keeps its family's first expiry.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>The seed's clients log in with <c>grant_type=password</c> and no client id; operators may switch it off.</summary>
    public bool PasswordGrantEnabled { get; set; } = true;

    /// <summary>bcrypt work factor (log2 rounds).</summary>
    public int PasswordHashCost { get; set; } = 12;

    /// <summary>
    /// How long a request may act on an account read by an earlier request: none by default, so a disabled user or a
    /// removed role counts from the very next request even when another process (the CLI) made the change.
    /// </summary>
    public TimeSpan AccountCacheDuration { get; set; } = TimeSpan.Zero;

    /// <summary><c>SecureExec:Auth:Lockout:*</c>.</summary>
    public LockoutOptions Lockout { get; set; } = new();
}

/// <summary>Failed logins counted per account and per address within a window; too many lock the key for a while.</summary>
public sealed class LockoutOptions
{
    /// <summary>Failed logins for one user name within <see cref="Window"/> that lock it.</summary>
    public int MaxFailures { get; set; } = 5;

    /// <summary>Failed logins from one address within <see cref="Window"/> that lock the address (any user name).</summary>
    public int MaxFailuresPerAddress { get; set; } = 20;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(15);
}
