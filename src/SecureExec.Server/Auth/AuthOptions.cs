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
}
