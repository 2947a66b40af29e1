using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SecureExec.Sandbox.Running;

namespace SecureExec.Sandbox;

public static class SandboxServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ISandbox"/>, <see cref="SandboxSelfTest"/> and a start-up check that sweeps leftover runs
    /// and stops the host with every problem and its fix. Options bind from the <c>Sandbox</c> section.
    /// </summary>
    public static IServiceCollection AddSandbox(this IServiceCollection services, IConfiguration configuration)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The SecureExec sandbox needs Linux (bubblewrap, cgroups, seccomp).");
        }

        services.AddOptions<SandboxOptions>().Bind(configuration.GetSection(SandboxOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SandboxRuntimeFactory>();
        services.AddSingleton<BubblewrapSandbox>();
        services.AddSingleton<ISandbox>(provider => provider.GetRequiredService<BubblewrapSandbox>());
        services.AddSingleton(provider => new SandboxSelfTest(
            provider.GetRequiredService<SandboxRuntimeFactory>(), provider.GetRequiredService<ISandbox>()));
        services.AddHostedService<SandboxStartupCheck>();
        return services;
    }
}
