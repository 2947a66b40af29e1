using Microsoft.AspNetCore.Http.HttpResults;
using SecureExec.Core.Templates;
using SecureExec.Server.Api;
using SecureExec.Server.Auth;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Commands;

public static class CommandsEndpoints
{
    /// <summary><c>GET /commands</c>: the templates the caller may run; <c>GET /commands/{name}</c>: one of them.</summary>
    public static IEndpointRouteBuilder MapCommandsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/commands").RequireAccessToken().RequireRateLimiting(RateLimitPolicies.PerUserRead).WithTags("Commands");
        group.MapGet("/", List).WithName("ListCommands").WithSummary("The templates the caller may run");
        group.MapGet("/{name}", GetAsync).WithName("GetCommand").WithSummary("One template the caller may run (403 for unknown and forbidden alike)");
        return endpoints;
    }

    private static Ok<IReadOnlyList<CommandView>> List(HttpContext context, TemplateCatalog catalog)
    {
        IReadOnlyList<CommandView> views = [.. catalog.RunnableBy(context.User).Select(CommandView.Of)];
        return TypedResults.Ok(views);
    }

    private static async Task<Results<Ok<CommandView>, ProblemWithHeadersResult>> GetAsync(
        string name, HttpContext context, CommandAuthorization authorization, SecureExecDbContext db)
    {
        var template = await authorization.AuthorizeAsync(context, db, name);
        return template is null ? Problems.InsufficientScope() : TypedResults.Ok(CommandView.Of(template));
    }
}
