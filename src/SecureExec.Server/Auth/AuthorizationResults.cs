using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using OpenIddict.Validation.AspNetCore;
using SecureExec.Core.Audit;
using SecureExec.Server.Api;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SecureExec.Server.Auth;

/// <summary>
/// What a refused request gets. No valid token: OpenIddict's 401 with <c>WWW-Authenticate: Bearer error="invalid_token"</c>,
/// audited as <c>auth.token_rejected</c> (rate-limited) unless the token merely expired. A valid token without the
/// endpoint's scope: 403 with <c>error="insufficient_scope"</c> and a generic problem body, audited as <c>authz.denied</c>.
/// </summary>
internal sealed class AuthorizationResults(AuthEventAudit rejected) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (policy.AuthenticationSchemes.Contains(Console.ConsoleAuthentication.Scheme))
        {
            // The web console: its cookie handler sends the browser to the login page or the "not allowed" page.
            if (authorizeResult.Forbidden)
            {
                await rejected.RecordAsync(context, Denied(context, policy));
            }

            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        if (authorizeResult.Challenged)
        {
            var description = await FailureAsync(context);
            if (!TokenFailures.IsExpiry(description))
            {
                await rejected.TokenRejectedAsync(context, description ?? TokenFailures.Missing);
            }

            if (description is null)
            {
                // RFC 6750 would allow a bare "Bearer" here; the design's error table asks for invalid_token on every 401.
                await context.ChallengeAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme, new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictValidationAspNetCoreConstants.Properties.Error] = Errors.InvalidToken,
                    [OpenIddictValidationAspNetCoreConstants.Properties.ErrorDescription] = TokenFailures.Missing,
                }));
                return;
            }

            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        if (authorizeResult.Forbidden)
        {
            await rejected.RecordAsync(context, Denied(context, policy));
            await Problems.InsufficientScope(RequiredScope(policy)).ExecuteAsync(context);
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }

    private static string RequiredScope(AuthorizationPolicy policy) =>
        string.Join(' ', policy.Requirements.OfType<ScopeRequirement>().Select(r => r.Scope));

    private static AuditContent Denied(HttpContext context, AuthorizationPolicy policy) =>
        context.Audit(AuditActions.Denied, AuditOutcomes.Denied) with
        {
            Details = new Dictionary<string, string> { ["required_scope"] = RequiredScope(policy), ["path"] = context.Request.Path.Value ?? "" },
        };

    /// <summary>Why OpenIddict refused the token (its result is cached for the request), or null when none was sent.</summary>
    private static async Task<string?> FailureAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        var items = result.Properties?.Items;
        if (items is null || !items.TryGetValue(OpenIddictValidationAspNetCoreConstants.Properties.Error, out var error))
        {
            return null;
        }

        return error == Errors.MissingToken
            ? null
            : (items.TryGetValue(OpenIddictValidationAspNetCoreConstants.Properties.ErrorDescription, out var description) ? description : null) ?? error;
    }
}
