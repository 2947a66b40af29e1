using SecureExec.Server.Cli;
using SecureExec.Server.Observability;

namespace SecureExec.Server.Hosting;

public static class ServerRoleSetup
{
    /// <summary>Registers this instance's <see cref="ServerRole"/> (<c>SecureExec:Role</c>) and its start-up check.</summary>
    public static IServiceCollection AddServerRole(this IServiceCollection services, IConfiguration configuration)
    {
        var role = ServerRole.Read(configuration);
        services.AddSingleton(role);
        services.AddSingleton<IStartupCheck>(role);
        return services;
    }

    /// <summary>
    /// A worker instance answers only <c>/health/*</c> and <c>/metrics</c>: everything else (API, token endpoint,
    /// console) is 404 before authentication runs. Place it first, after the correlation id.
    /// </summary>
    public static IApplicationBuilder UseServerRole(this IApplicationBuilder app)
    {
        var role = app.ApplicationServices.GetRequiredService<ServerRole>();
        if (role.ServesApi)
        {
            return app;
        }

        return app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (path.StartsWithSegments("/health") || path.StartsWithSegments(ObservabilitySetup.MetricsPath))
            {
                await next(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
        });
    }
}
