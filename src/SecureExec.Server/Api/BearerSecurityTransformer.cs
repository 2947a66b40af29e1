using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SecureExec.Core.Templates;
using SecureExec.Server.Commands;

namespace SecureExec.Server.Api;

/// <summary>
/// Declares the bearer scheme (OAuth2 password and client-credentials flows at <c>/auth/token</c>, the catalog's
/// scopes, each described by the templates it opens that the caller may run) and requires it on every operation whose
/// endpoint requires authorization.
/// </summary>
internal sealed class BearerSecurityTransformer(TemplateCatalog catalog, IHttpContextAccessor http) : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SchemeName = "Bearer";
    private static readonly Uri TokenUrl = new("/auth/token", UriKind.Relative);

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var runnable = catalog.RunnableBy(http.HttpContext?.User).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var scopes = catalog.Templates
            .SelectMany(t => t.RequiredScopes.Select(scope => (scope, t.Name)))
            .GroupBy(p => p.scope, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Describe(g.Select(p => p.Name).Where(runnable.Contains)), StringComparer.Ordinal);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.OAuth2,
            Description = "Short-lived JWT access tokens from /auth/token, sent as 'Authorization: Bearer <token>'.",
            Flows = new OpenApiOAuthFlows
            {
                Password = new OpenApiOAuthFlow { TokenUrl = TokenUrl, RefreshUrl = TokenUrl, Scopes = scopes },
                ClientCredentials = new OpenApiOAuthFlow { TokenUrl = TokenUrl, Scopes = scopes },
            },
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
        }

        return Task.CompletedTask;
    }

    private static string Describe(IEnumerable<string> templates) =>
        string.Join(", ", templates) is { Length: > 0 } names ? "Templates you may run with it: " + names : "Opens catalog templates.";
}
