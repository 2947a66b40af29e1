using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using OpenIddict.Validation.AspNetCore;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Auth;

public static class ServerAuthentication
{
    /// <summary>
    /// OpenIddict as the OAuth2 server (<c>/auth/token</c>, <c>/auth/revoke</c>, discovery and JWKS under
    /// <c>/.well-known/</c>) and as the validator of its own access tokens on every API request.
    /// </summary>
    public static IServiceCollection AddServerAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        services.AddSingleton(options);
        services.AddSingleton<PasswordHasher>();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => new LegacyKeyFiles(StorageOptions.From(configuration).DataDirectory));
        services.TryAddSingleton<TokenKeyStore>();
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, ServerTokenKeys>();

        services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<SecureExecDbContext>())
            .AddServer(server =>
            {
                server.SetTokenEndpointUris("auth/token")
                    .SetRevocationEndpointUris("auth/revoke")
                    .SetConfigurationEndpointUris(".well-known/openid-configuration", ".well-known/oauth-authorization-server")
                    .SetJsonWebKeySetEndpointUris(".well-known/jwks");
                if (options.PasswordGrantEnabled)
                {
                    server.AllowPasswordFlow();
                }

                server.AllowClientCredentialsFlow().AllowRefreshTokenFlow();
                server.AcceptAnonymousClients();
                server.DisableScopeValidation();

                // A service account's roles decide its scopes (ClientCredentialsGrant), not per-client scope permissions.
                server.IgnoreScopePermissions();
                server.AddEventHandler(TokenErrorAudit.Descriptor);
                server.AddEventHandler(RevocationAudit.Descriptor);
                server.DisableAccessTokenEncryption();
                server.SetAccessTokenLifetime(options.AccessTokenLifetime)
                    .SetRefreshTokenLifetime(options.RefreshTokenLifetime)
                    .DisableSlidingRefreshTokenExpiration()
                    .SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                if (options.Issuer is not null)
                {
                    server.SetIssuer(new Uri(options.Issuer));
                }

                // The signing and encryption keys come from the database (ServerTokenKeys), shared by every instance.
                server.UseAspNetCore()
                    .EnableTokenEndpointPassthrough()
                    .DisableTransportSecurityRequirement();
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.AddAudiences(options.Audience);
                validation.EnableTokenEntryValidation();
                validation.EnableAuthorizationEntryValidation();
                validation.AddEventHandler(TokenLifetimeCheck.Descriptor);
                validation.AddEventHandler(AccountTokenCheck.Descriptor);
                // The Authorization header only (RFC 6750 §2.1): a token in a URL reaches logs and history, one in a form
                // body could ride a cross-site post.
                validation.UseAspNetCore()
                    .DisableAccessTokenExtractionFromQueryString()
                    .DisableAccessTokenExtractionFromBodyForm();
            });

        services.AddAuthentication(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        services.AddAuthorization();
        services.AddMemoryCache();
        services.AddSingleton<AccountCache>();
        services.AddSingleton<AuditThrottle>();
        services.AddSingleton<AuthEventAudit>();
        services.AddSingleton<LoginThrottler>();
        services.AddScoped<PasswordLogin>();
        services.AddScoped<PasswordGrant>();
        services.AddScoped<ClientCredentialsGrant>();
        services.AddScoped<RefreshTokenGrant>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuthorizationResults>();
        return services;
    }
}
