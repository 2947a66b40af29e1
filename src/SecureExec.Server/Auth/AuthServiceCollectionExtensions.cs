using SecureExec.Core.Authorization;
using SecureExec.Core.Templates;
using SecureExec.Server.Cli;

namespace SecureExec.Server.Auth;

public static class AuthServiceCollectionExtensions
{
    /// <summary>
    /// Loads <c>permissions.yaml</c> once at start-up. Errors stop the server (start-up check); a role granting a scope
    /// no template uses, or a template scope no role grants, is logged as a warning.
    /// </summary>
    public static IServiceCollection AddPermissions(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(PermissionsOptions.Section).Get<PermissionsOptions>() ?? new PermissionsOptions();
        var result = PermissionsLoader.LoadFile(Path.GetFullPath(options.Path));
        services.AddSingleton(result);
        ConfigFileCheck.Register(services, "permissions", result.Errors, $"{result.Policy?.Roles.Count} roles");
        services.AddSingleton(sp => sp.GetRequiredService<PermissionsLoadResult>().Policy
            ?? throw new InvalidOperationException("The permissions file did not load; the start-up check reports why."));
        services.AddHostedService<PermissionsLog>();
        return services;
    }


    private sealed class PermissionsStartupCheck(PermissionsLoadResult result) : IStartupCheck
    {
        public IEnumerable<string> Problems() => result.Errors.Select(e => e.ToString());
    }
}

/// <summary>Logs the loaded roles and every cross-check warning against the catalog.</summary>
internal sealed partial class PermissionsLog(PermissionPolicy policy, TemplateCatalog catalog, ILogger<PermissionsLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Loaded(logger, policy.Roles.Count, policy.Source, policy.ContentSha256);
        foreach (var warning in policy.Check(catalog))
        {
            Warning(logger, warning.ToString());
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Loaded {RoleCount} roles from {PermissionsPath} (sha256 {PermissionsSha256})")]
    private static partial void Loaded(ILogger logger, int roleCount, string permissionsPath, string permissionsSha256);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "{PermissionsWarning}")]
    private static partial void Warning(ILogger logger, string permissionsWarning);
}
