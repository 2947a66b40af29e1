namespace SecureExec.Server.Auth.Accounts;

/// <summary>A user as administrators see it: never the password hash or security stamp.</summary>
internal sealed record UserView(string Id, string Name, IReadOnlyList<string> Roles, bool Disabled, DateTimeOffset CreatedAt, DateTimeOffset? LastLoginAt)
{
    public static UserView Of(UserAccount user) =>
        new(user.Id, user.Name, [.. user.Roles], user.Disabled, user.CreatedAt, user.LastLoginAt);
}

/// <summary>A new user, and the password generated for them when none was given (shown once, never stored).</summary>
internal sealed record CreatedUser(UserView User, string? GeneratedPassword);

/// <summary>A service client as administrators see it: never the secret.</summary>
internal sealed record ClientView(string ClientId, IReadOnlyList<string> Roles, bool Disabled, DateTimeOffset CreatedAt)
{
    public static ClientView Of(ServiceAccount account) => new(account.ClientId, [.. account.Roles], account.Disabled, account.CreatedAt);
}

/// <summary>A new client and its secret, shown once: only a hash of it is stored.</summary>
internal sealed record CreatedClient(ClientView Client, string ClientSecret);
