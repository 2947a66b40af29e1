using Microsoft.Extensions.Options;
using SecureExec.Server.Commands;

namespace SecureExec.Server.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// The job queue (<c>SecureExec:Jobs:QueueCapacity</c>), its workers (<c>SecureExec:Jobs:Workers</c>), start-up
    /// recovery of the previous process's jobs, and what the commands and jobs endpoints need. Needs the catalog,
    /// storage, the sandbox and observability (<see cref="Observability.ServerMetrics"/>) registered.
    /// </summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobsOptions>().Bind(configuration.GetSection(JobsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>();
        services.AddSingleton<CommandAuthorization>();
        services.AddJobQueue(configuration);
        services.AddSingleton<RunningJobs>();
        services.AddSingleton<JobCompletions>();
        services.AddSingleton<JobSubmitter>();
        services.AddSingleton<JobExecution>();
        services.AddSingleton<JobCanceller>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<JobRecovery>();
        services.AddHostedService<JobDispatcher>();
        return services;
    }
}
