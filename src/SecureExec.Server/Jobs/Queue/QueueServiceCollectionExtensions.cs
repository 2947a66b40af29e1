using Microsoft.Extensions.Options;
using SecureExec.Server.Jobs.Events;
using SecureExec.Server.Jobs.Queue;

namespace SecureExec.Server.Jobs;

internal static class QueueServiceCollectionExtensions
{
    /// <summary>
    /// The job queue chosen by <c>SecureExec:Queue:Provider</c>: the in-process channel (default), or Redis Streams
    /// with its reconciler and a <c>queue</c> readiness check; and how live output and cancels reach other processes
    /// (<see cref="IJobEventBus"/>, <see cref="IRunningJobStopper"/>).
    /// </summary>
    public static IServiceCollection AddJobQueue(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(QueueOptions.Section);
        services.AddOptions<QueueOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<QueueOptions>, QueueOptionsValidator>();
        if (!(section.Get<QueueOptions>() ?? new QueueOptions()).UsesRedis)
        {
            services.AddSingleton<IJobQueue, InProcessJobQueue>();
            services.AddSingleton<IJobEventBus, InProcessJobEventBus>();
            services.AddSingleton<IRunningJobStopper, LocalJobStopper>();
            return services;
        }

        services.AddSingleton<RedisConnection>();
        services.AddSingleton<RedisJobStream>();
        services.AddSingleton<AbandonedEntries>();
        services.AddSingleton<RedisJobQueue>();
        services.AddSingleton<IJobQueue>(provider => provider.GetRequiredService<RedisJobQueue>());
        services.AddSingleton<RedisJobReconciler>();
        services.AddHostedService(provider => provider.GetRequiredService<RedisJobReconciler>());
        services.AddSingleton<RedisJobEvents>();
        services.AddSingleton<IJobEventBus, RedisJobEventBus>();
        services.AddSingleton<IRunningJobStopper, RedisJobStopper>();
        services.AddHostedService<RedisJobSignalListener>();
        services.AddHealthChecks().AddCheck<RedisQueueHealthCheck>("queue", tags: ["ready"]);
        return services;
    }
}
