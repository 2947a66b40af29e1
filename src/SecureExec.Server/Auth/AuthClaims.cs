namespace SecureExec.Server.Auth;

/// <summary>
/// SecureExec's private claims in its tokens (RFC 7519 §4.3): which store holds the account and the account's
/// security stamp at issue time, so a changed password, role or status refuses the token on its next use.
/// </summary>
public static class AuthClaims
{
    /// <summary><see cref="UserKind"/> or <see cref="ServiceKind"/>.</summary>
    public const string AccountKind = "se_acct";

    /// <summary>The account's <c>SecurityStamp</c> when the token was issued.</summary>
    public const string SecurityStamp = "se_stamp";

    public const string UserKind = "user";
    public const string ServiceKind = "service";
}
