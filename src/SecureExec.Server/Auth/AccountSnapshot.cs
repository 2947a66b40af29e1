namespace SecureExec.Server.Auth;

/// <summary>What a token check needs to know about its account, read from <see cref="UserAccount"/> or <see cref="ServiceAccount"/>.</summary>
internal sealed record AccountSnapshot(string Kind, string Subject, string Name, IReadOnlyList<string> Roles, bool Disabled, string SecurityStamp)
{
    public static AccountSnapshot Of(UserAccount user) =>
        new(AuthClaims.UserKind, user.Id, user.Name, [.. user.Roles], user.Disabled, user.SecurityStamp);

    public static AccountSnapshot Of(ServiceAccount client) =>
        new(AuthClaims.ServiceKind, client.ClientId, client.ClientId, [.. client.Roles], client.Disabled, client.SecurityStamp);

    /// <summary>Whether a token issued with <paramref name="stamp"/> may still act for this account.</summary>
    public bool Accepts(string? stamp) =>
        !Disabled && stamp is not null && string.Equals(stamp, SecurityStamp, StringComparison.Ordinal);
}
