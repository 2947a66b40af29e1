using Microsoft.OpenApi;
using Scalar.AspNetCore;
using SecureExec.Server.Observability;

namespace SecureExec.Server.Api;

public static class OpenApiSetup
{
    public const string DocumentPath = "/openapi/{documentName}.json";
    public const string DocsPath = "/docs";
    public const string EnabledKey = "SecureExec:OpenApi:Enabled";

    /// <summary>
    /// The OpenAPI document (<c>/openapi/v1.json</c>): the bearer scheme with the token endpoint's flows, and a schema
    /// per catalog template for the <c>parameters</c> of <c>POST /execute</c>.
    /// </summary>
    public static IServiceCollection AddServerOpenApi(this IServiceCollection services)
    {
        // The template transformers read the caller of the document request (a Bearer token on it is authenticated).
        services.AddHttpContextAccessor();
        services.AddOpenApi("v1", o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "SecureExec",
                    Version = ServerTelemetry.Version,
                    Description = "Run pre-approved, parameterized command templates in a sandbox. Errors are RFC 9457 problem details; see docs/api.md.",
                };
                return Task.CompletedTask;
            });
            o.AddDocumentTransformer<BearerSecurityTransformer>();
            o.AddOperationTransformer<BearerSecurityTransformer>();
            o.AddDocumentTransformer<TemplateSchemasTransformer>();
        });
        return services;
    }

    /// <summary>
    /// <c>/openapi/v1.json</c> and the Scalar reference at <c>/docs</c>, its script served from the package (no CDN,
    /// no web fonts, no telemetry), unless <c>SecureExec:OpenApi:Enabled</c> is false.
    /// </summary>
    public static IEndpointRouteBuilder MapServerOpenApi(this IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.ServiceProvider.GetRequiredService<IConfiguration>().GetValue(EnabledKey, true))
        {
            return endpoints;
        }

        // The document depends on the caller's token (TemplateSchemasTransformer): never stored or shared by a cache.
        endpoints.MapOpenApi(DocumentPath).AddEndpointFilter(async (context, next) =>
        {
            context.HttpContext.Response.Headers.CacheControl = "no-store";
            context.HttpContext.Response.Headers.Vary = "Authorization";
            return await next(context);
        });
        endpoints.MapScalarApiReference(DocsPath, o => o
            .WithTitle("SecureExec API")
            .WithOpenApiRoutePattern(DocumentPath)
            .AddPreferredSecuritySchemes(BearerSecurityTransformer.SchemeName)
            .DisableDefaultFonts()
            .DisableTelemetry());
        return endpoints;
    }
}
