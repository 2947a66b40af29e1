using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.EntityFrameworkCore.Models;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SecureExec.Server.Auth.Accounts;

/// <summary>
/// Builds OpenIddict applications for service clients without saving them, so the application, its service account
/// and the audit entry commit in one transaction (the manager's own <c>CreateAsync</c> saves at once). The secret is
/// hashed by OpenIddict itself, exactly as the token endpoint will check it.
/// </summary>
internal sealed class ClientApplications(
    IOpenIddictApplicationCache<OpenIddictEntityFrameworkCoreApplication> cache,
    ILogger<OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<OpenIddictEntityFrameworkCoreApplication> store)
    : OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>(cache, logger, options, store)
{
    /// <summary>A confidential client that may use the client credentials grant at the token and revocation endpoints.</summary>
    public async Task<OpenIddictEntityFrameworkCoreApplication> NewConfidentialAsync(string clientId, string secret, CancellationToken cancellationToken)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientType = ClientTypes.Confidential,
            DisplayName = clientId,
            Permissions =
            {
                Permissions.Endpoints.Token,
                Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.ClientCredentials,
            },
        };
        var application = new OpenIddictEntityFrameworkCoreApplication();
        await PopulateAsync(application, descriptor, cancellationToken);
        application.ClientSecret = await ObfuscateClientSecretAsync(secret, cancellationToken);
        await foreach (var problem in ValidateAsync(application, cancellationToken))
        {
            throw new InvalidOperationException($"OpenIddict refused the client application: {problem.ErrorMessage}");
        }

        return application;
    }
}
