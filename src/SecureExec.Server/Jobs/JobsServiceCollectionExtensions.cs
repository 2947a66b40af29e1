using Microsoft.Extensions.Options;
using SecureExec.Server.Commands;
using SecureExec.Server.Hosting;

namespace SecureExec.Server.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// The job queue (<c>SecureExec:Jobs:QueueCapacity</c>), its workers (<c>SecureExec:Jobs:Workers</c>; none when <c>SecureExec:Role</c> is
    /// <c>api</c>), their drain on stop (<c>SecureExec:Jobs:DrainTimeout</c>), start-up recovery of the previous process's jobs, and what the commands and jobs endpoints need. Needs the catalog,
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
        if (ServerRole.Read(configuration).RunsWorkers)
        {
            services.AddHostedService<JobDispatcher>();

            // The host must wait out the drain (and the interrupted jobs' last writes) before it gives up on stopping.
            services.AddOptions<HostOptions>().Configure<IOptions<JobsOptions>>((host, jobs) =>
            {
                var needed = jobs.Value.DrainTimeout + JobDispatcher.AfterDrain;
                if (host.ShutdownTimeout < needed)
                {
                    host.ShutdownTimeout = needed;
                }
            });
        }
        return services;
    }
}
