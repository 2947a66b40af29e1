using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Server.AspNetCore;

namespace SecureExec.Server.Auth;

/// <summary>The token endpoint's answers: a sign-in OpenIddict turns into tokens, or an RFC 6749 §5.2 error.</summary>
internal static class TokenResults
{
    private const string AuditedKey = "SecureExec.Auth.TokenRequestAudited";

    public static IResult SignIn(System.Security.Claims.ClaimsPrincipal principal) =>
        Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);

    /// <summary>An OAuth error in OpenIddict's form (JSON, no-store; 401 and <c>WWW-Authenticate</c> for <c>invalid_client</c>).</summary>
    public static IResult Error(string error, string description) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    /// <summary>
    /// 429 for a locked account or address: the OAuth error JSON (<c>invalid_grant</c>, so every OAuth client
    /// understands it) with <c>Retry-After</c>.
    /// </summary>
    public static IResult Locked(HttpContext context, TimeSpan retryAfter)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        return Results.Json(
            new Dictionary<string, string>
            {
                ["error"] = OpenIddict.Abstractions.OpenIddictConstants.Errors.InvalidGrant,
                ["error_description"] = "Too many failed logins; try again after the time in Retry-After.",
            },
            statusCode: StatusCodes.Status429TooManyRequests);
    }

    /// <summary>Marks the request as audited by the endpoint, so the error-response hook does not audit it twice.</summary>
    public static void MarkAudited(this HttpContext context) => context.Items[AuditedKey] = true;

    public static bool IsAudited(this HttpContext context) => context.Items.ContainsKey(AuditedKey);
}
