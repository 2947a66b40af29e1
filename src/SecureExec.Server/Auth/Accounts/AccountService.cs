using Microsoft.EntityFrameworkCore;
using SecureExec.Core.Audit;
using SecureExec.Core.Authorization;
using SecureExec.Server.Audit;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Auth.Accounts;

/// <summary>
/// Users: create, disable, enable, set roles, reset passwords, list. Every change commits together with its audit
/// entry; every change that affects access (status, roles, password) replaces the security stamp and revokes the
/// user's tokens, so what they held stops working on the next request.
/// </summary>
internal sealed class AccountService(SecureExecDbContext db, AuditWriter audit, PasswordHasher hasher, PermissionPolicy policy, TimeProvider time)
{
    public async Task<IReadOnlyList<UserView>> ListUsersAsync(CancellationToken cancellationToken)
    {
        var users = await db.Users.AsNoTracking().OrderBy(u => u.NormalizedName).ToListAsync(cancellationToken);
        return [.. users.Select(UserView.Of)];
    }

    public async Task<AccountOutcome<UserView>> GetUserAsync(string name, CancellationToken cancellationToken) =>
        await FindAsync(name, cancellationToken) is { } user ? UserView.Of(user) : UnknownUser(name);

    public Task<bool> AnyUsersAsync(CancellationToken cancellationToken) => db.Users.AnyAsync(cancellationToken);

    /// <summary>Creates a user; with no <paramref name="password"/>, generates one and returns it once.</summary>
    public async Task<AccountOutcome<CreatedUser>> CreateUserAsync(string? name, IReadOnlyList<string>? roles, string? password, AdminActor actor, CancellationToken cancellationToken)
    {
        var rules = new AccountRules(policy).Name("name", name).Roles("roles", roles).Password("password", password, required: false);
        if (!rules.Passed)
        {
            return rules.Failure();
        }

        var normalized = UserAccount.Normalize(name!);
        if (await db.Users.AnyAsync(u => u.NormalizedName == normalized, cancellationToken))
        {
            return AccountFailure.Conflict("name", $"a user named '{name}' already exists (names are compared ignoring case)");
        }

        var generated = password is null ? Secrets.NewPassword() : null;
        var user = new UserAccount
        {
            Id = Guid.NewGuid().ToString("N"),
            Name = name!,
            NormalizedName = normalized,
            PasswordHash = hasher.Hash(password ?? generated!),
            Roles = AccountRules.Distinct(roles!),
            CreatedAt = time.GetUtcNow(),
        };
        db.Users.Add(user);
        var details = Details(user, ("roles", string.Join(",", user.Roles)), ("generated", generated is null ? "no" : "yes"));
        return await CommitAsync(actor.Content(AuditActions.UserCreated, details), cancellationToken) is { } failure
            ? failure
            : new CreatedUser(UserView.Of(user), generated);
    }

    public async Task<AccountOutcome<UserView>> SetDisabledAsync(string name, bool disabled, AdminActor actor, CancellationToken cancellationToken)
    {
        if (await FindAsync(name, cancellationToken) is not { } user)
        {
            return UnknownUser(name);
        }

        if (user.Disabled == disabled)
        {
            return UserView.Of(user);
        }

        if (disabled && await IsLastAdministratorAsync(user, cancellationToken))
        {
            return LastAdministrator(user);
        }

        user.Disabled = disabled;
        var action = disabled ? AuditActions.UserDisabled : AuditActions.UserEnabled;
        return await ChangeAccessAsync(user, action, actor, [], cancellationToken);
    }

    public async Task<AccountOutcome<UserView>> SetRolesAsync(string name, IReadOnlyList<string>? roles, AdminActor actor, CancellationToken cancellationToken)
    {
        var rules = new AccountRules(policy).Roles("roles", roles);
        if (!rules.Passed)
        {
            return rules.Failure();
        }

        if (await FindAsync(name, cancellationToken) is not { } user)
        {
            return UnknownUser(name);
        }

        if (!policy.ScopesOf(roles!).Contains(ReservedScopes.Admin) && await IsLastAdministratorAsync(user, cancellationToken))
        {
            return LastAdministrator(user);
        }

        var before = string.Join(",", user.Roles);
        user.Roles = AccountRules.Distinct(roles!);
        return await ChangeAccessAsync(user, AuditActions.RoleChanged, actor, [("roles_before", before), ("roles", string.Join(",", user.Roles))], cancellationToken);
    }

    /// <summary>Sets a new password; with no <paramref name="password"/>, generates one and returns it once.</summary>
    public async Task<AccountOutcome<string?>> ResetPasswordAsync(string name, string? password, AdminActor actor, CancellationToken cancellationToken)
    {
        var rules = new AccountRules(policy).Password("password", password, required: false);
        if (!rules.Passed)
        {
            return rules.Failure();
        }

        if (await FindAsync(name, cancellationToken) is not { } user)
        {
            return UnknownUser(name);
        }

        var generated = password is null ? Secrets.NewPassword() : null;
        user.PasswordHash = hasher.Hash(password ?? generated!);
        var outcome = await ChangeAccessAsync(user, AuditActions.PasswordReset, actor, [("generated", generated is null ? "no" : "yes")], cancellationToken);
        return outcome.Failure is { } failure ? failure : generated;
    }

    private async Task<AccountOutcome<UserView>> ChangeAccessAsync(UserAccount user, string action, AdminActor actor, (string Key, string Value)[] extra, CancellationToken cancellationToken)
    {
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        var revoked = await SessionRevocation.StageForSubjectAsync(db, user.Id, cancellationToken);
        var details = Details(user, [.. extra, ("sessions_revoked", revoked.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        return await CommitAsync(actor.Content(action, details), cancellationToken) is { } failure ? failure : UserView.Of(user);
    }

    private async Task<AccountFailure?> CommitAsync(AuditContent content, CancellationToken cancellationToken)
    {
        try
        {
            await audit.SaveAsync(db, content, cancellationToken);
            return null;
        }
        catch (DbUpdateException e) when (!StorageFailures.IsUnavailable(e))
        {
            // A concurrent change won the race: a second user of the same name, or a new security stamp.
            db.ChangeTracker.Clear();
            return AccountFailure.Conflict("name", e is DbUpdateConcurrencyException
                ? "the account was changed at the same time; read it again and retry"
                : "an account of that name was created at the same time");
        }
    }

    /// <summary>Whether <paramref name="user"/> is the only enabled user whose roles grant the admin scope.</summary>
    private async Task<bool> IsLastAdministratorAsync(UserAccount user, CancellationToken cancellationToken)
    {
        if (user.Disabled || !policy.ScopesOf(user.Roles).Contains(ReservedScopes.Admin))
        {
            return false;
        }

        var others = await db.Users.AsNoTracking().Where(u => !u.Disabled && u.Id != user.Id).Select(u => u.Roles).ToListAsync(cancellationToken);
        return !others.Any(roles => policy.ScopesOf(roles).Contains(ReservedScopes.Admin));
    }

    private static AccountFailure LastAdministrator(UserAccount user) =>
        AccountFailure.Conflict("name", $"'{user.Name}' is the last enabled administrator: add or enable another one first");

    private Task<UserAccount?> FindAsync(string name, CancellationToken cancellationToken)
    {
        var normalized = UserAccount.Normalize(name);
        return db.Users.FirstOrDefaultAsync(u => u.NormalizedName == normalized, cancellationToken);
    }

    private static AccountFailure UnknownUser(string name) => AccountFailure.NotFound("name", $"no user named '{name}'");

    private static Dictionary<string, string> Details(UserAccount user, params (string Key, string Value)[] extra)
    {
        var details = new Dictionary<string, string>(StringComparer.Ordinal) { ["user"] = user.Name, ["user_id"] = user.Id };
        foreach (var (key, value) in extra)
        {
            details[key] = value;
        }

        return details;
    }
}
