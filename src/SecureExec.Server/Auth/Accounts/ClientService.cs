using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using SecureExec.Core.Audit;
using SecureExec.Core.Authorization;
using SecureExec.Server.Audit;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Auth.Accounts;

/// <summary>
/// Service clients (machines using the client credentials grant): an OpenIddict application holding the secret's hash,
/// and a <see cref="ServiceAccount"/> holding the roles. Every change commits with its audit entry; the secret is
/// returned once, at creation, and is never stored, logged or audited.
/// </summary>
internal sealed class ClientService(SecureExecDbContext db, AuditWriter audit, ClientApplications applications, PermissionPolicy policy, TimeProvider time)
{
    public async Task<IReadOnlyList<ClientView>> ListClientsAsync(CancellationToken cancellationToken)
    {
        var clients = await db.ServiceAccounts.AsNoTracking().OrderBy(a => a.ClientId).ToListAsync(cancellationToken);
        return [.. clients.Select(ClientView.Of)];
    }

    public async Task<AccountOutcome<CreatedClient>> CreateClientAsync(string? clientId, IReadOnlyList<string>? roles, AdminActor actor, CancellationToken cancellationToken)
    {
        var rules = new AccountRules(policy).Name("client_id", clientId).Roles("roles", roles);
        if (!rules.Passed)
        {
            return rules.Failure();
        }

        var upper = clientId!.ToUpperInvariant();
        if (await db.ServiceAccounts.AnyAsync(a => a.ClientId.ToUpper() == upper, cancellationToken)
            || await Applications().AnyAsync(a => a.ClientId!.ToUpper() == upper, cancellationToken))
        {
            return AccountFailure.Conflict("client_id", $"a client '{clientId}' already exists (ids are compared ignoring case)");
        }

        var secret = Secrets.NewClientSecret();
        db.Add(await applications.NewConfidentialAsync(clientId, secret, cancellationToken));
        var account = new ServiceAccount { ClientId = clientId, Roles = AccountRules.Distinct(roles!), CreatedAt = time.GetUtcNow() };
        db.ServiceAccounts.Add(account);
        var details = new Dictionary<string, string> { ["client_id"] = clientId, ["roles"] = string.Join(",", account.Roles) };
        return await CommitAsync(actor.Content(AuditActions.ClientCreated, details), cancellationToken) is { } failure
            ? failure
            : new CreatedClient(ClientView.Of(account), secret);
    }

    /// <summary>Deletes the client's application (its secret stops working) and service account, and revokes its tokens.</summary>
    public async Task<AccountOutcome<ClientView>> RemoveClientAsync(string clientId, AdminActor actor, CancellationToken cancellationToken)
    {
        var account = await db.ServiceAccounts.FirstOrDefaultAsync(a => a.ClientId == clientId, cancellationToken);
        var application = await Applications().FirstOrDefaultAsync(a => a.ClientId == clientId, cancellationToken);
        if (account is null && application is null)
        {
            return AccountFailure.NotFound("client_id", $"no client '{clientId}'");
        }

        var revoked = await SessionRevocation.StageForSubjectAsync(db, clientId, cancellationToken);
        if (application is not null)
        {
            // Tokens and authorizations point at their application: detach them so the application can go.
            var tokens = await db.Set<OpenIddictEntityFrameworkCoreToken>()
                .Where(t => t.Application!.Id == application.Id || t.Authorization!.Application!.Id == application.Id)
                .ToListAsync(cancellationToken);
            var authorizations = await db.Set<OpenIddictEntityFrameworkCoreAuthorization>()
                .Where(a => a.Application!.Id == application.Id)
                .ToListAsync(cancellationToken);
            db.RemoveRange(tokens);
            db.RemoveRange(authorizations);
            db.Remove(application);
        }

        if (account is not null)
        {
            db.ServiceAccounts.Remove(account);
        }

        var details = new Dictionary<string, string>
        {
            ["client_id"] = clientId,
            ["mode"] = "removed",
            ["sessions_revoked"] = revoked.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var view = account is null ? new ClientView(clientId, [], true, default) : ClientView.Of(account);
        return await CommitAsync(actor.Content(AuditActions.ClientRevoked, details), cancellationToken) is { } failure ? failure : view;
    }

    private IQueryable<OpenIddictEntityFrameworkCoreApplication> Applications() => db.Set<OpenIddictEntityFrameworkCoreApplication>();

    private async Task<AccountFailure?> CommitAsync(AuditContent content, CancellationToken cancellationToken)
    {
        try
        {
            await audit.SaveAsync(db, content, cancellationToken);
            return null;
        }
        catch (DbUpdateException e) when (!StorageFailures.IsUnavailable(e))
        {
            db.ChangeTracker.Clear();
            return AccountFailure.Conflict("client_id", "the client was changed at the same time; read it again and retry");
        }
    }
}
