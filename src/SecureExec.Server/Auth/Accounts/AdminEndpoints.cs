using SecureExec.Core.Authorization;
using SecureExec.Server.Api;
using SecureExec.Server.Auth.Accounts;

namespace SecureExec.Server.Auth;

public static class AdminEndpoints
{
    /// <summary>
    /// <c>/admin/users</c> and <c>/admin/clients</c>, for tokens holding the <c>admin</c> scope. Responses are never
    /// cached: some carry a password or secret shown once.
    /// </summary>
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin")
            .RequireScope(ReservedScopes.Admin)
            .RequireRateLimiting(RateLimitPolicies.PerUserRead)
            .WithTags("Administration")
            .AddEndpointFilter(async (context, next) =>
            {
                context.HttpContext.Response.Headers.CacheControl = "no-store";
                return await next(context);
            });
        AdminUserEndpoints.Map(admin);
        AdminClientEndpoints.Map(admin);
        return endpoints;
    }
}
