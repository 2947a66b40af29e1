using SecureExec.Core.Templates.Loading;
using SecureExec.Core.Templates.Validation;
using SecureExec.Server.Cli;

namespace SecureExec.Server.Commands;

public static class CommandsServiceCollectionExtensions
{
    /// <summary>
    /// Loads the template catalog once at start-up. A catalog with errors stops the server: its errors are the
    /// start-up check's problems, and the catalog is never half-loaded.
    /// </summary>
    public static IServiceCollection AddTemplateCatalog(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(CatalogOptions.Section).Get<CatalogOptions>() ?? new CatalogOptions();
        var result = CatalogLoader.LoadFile(Path.GetFullPath(options.Path));
        services.AddSingleton(result);
        ConfigFileCheck.Register(services, "catalog", result.Errors, $"{result.Catalog?.Templates.Count} templates");
        services.AddSingleton(sp => sp.GetRequiredService<CatalogLoadResult>().Catalog
            ?? throw new InvalidOperationException("The template catalog did not load; the start-up check reports why."));
        services.AddSingleton<IPathResolver>(HostPathResolver.Instance);
        services.AddSingleton<ParameterValidator>();
        services.AddHostedService<CatalogLog>();
        return services;
    }
}
