using System.Security.Claims;
using SecureExec.Core.Authorization;
using SecureExec.Core.Templates;
using SecureExec.Server.Auth;

namespace SecureExec.Server.Commands;

/// <summary>
/// The templates a caller may run, in catalog order: what <c>GET /commands</c> lists and the OpenAPI document
/// describes. An anonymous caller may run none, so nothing here lets the catalog be enumerated without a token.
/// </summary>
internal static class CallerTemplates
{
    public static IReadOnlyList<CommandTemplate> RunnableBy(this TemplateCatalog catalog, ClaimsPrincipal? user)
    {
        var scopes = user?.Scopes();
        return scopes is null or { Count: 0 } ? [] : [.. catalog.Templates.Where(t => PermissionPolicy.CanRun(t, scopes))];
    }
}
