using Microsoft.Extensions.DependencyInjection.Extensions;
using SecureExec.Server.Auth.Accounts;
using SecureExec.Server.Cli;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Auth;

public static class AccountsServiceCollectionExtensions
{
    /// <summary>
    /// Account administration: users, service clients, the first administrator (<c>SecureExec:Bootstrap:*</c>), the
    /// signing keys' life cycle. Register after
    /// <see cref="StorageServiceCollectionExtensions.AddStorage"/>: the bootstrap runs once storage is initialised.
    /// </summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions());
        services.TryAddSingleton<PasswordHasher>();
        services.AddSingleton(configuration.GetSection(BootstrapOptions.Section).Get<BootstrapOptions>() ?? new BootstrapOptions());
        services.AddSingleton<OperatorConsole>();
        services.AddScoped<AccountService>();
        services.AddScoped<ClientService>();
        services.AddScoped<ClientApplications>();
        services.TryAddSingleton(sp => new LegacyKeyFiles(sp.GetRequiredService<StorageOptions>().DataDirectory));
        services.TryAddSingleton<TokenKeyStore>();
        services.AddSingleton(sp => SigningKeyLifecycle.For(
            sp.GetRequiredService<TokenKeyStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<AuthOptions>()));
        services.AddSingleton<IStartupCheck, BootstrapPasswordCheck>();
        services.AddHostedService<SigningKeyStartup>();
        services.AddHostedService<AdminBootstrap>();
        return services;
    }
}
