using Microsoft.Extensions.Options;
using SecureExec.Server.Jobs.Queue;

namespace SecureExec.Server.Jobs;

internal static class QueueServiceCollectionExtensions
{
    /// <summary>
    /// The job queue chosen by <c>SecureExec:Queue:Provider</c>: the in-process channel (default), or Redis Streams
    /// with its reconciler and a <c>queue</c> readiness check.
    /// </summary>
    public static IServiceCollection AddJobQueue(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(QueueOptions.Section);
        services.AddOptions<QueueOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<QueueOptions>, QueueOptionsValidator>();
        if (!(section.Get<QueueOptions>() ?? new QueueOptions()).UsesRedis)
        {
            services.AddSingleton<IJobQueue, InProcessJobQueue>();
            return services;
        }

        services.AddSingleton<RedisConnection>();
        services.AddSingleton<RedisJobStream>();
        services.AddSingleton<AbandonedEntries>();
        services.AddSingleton<RedisJobQueue>();
        services.AddSingleton<IJobQueue>(provider => provider.GetRequiredService<RedisJobQueue>());
        services.AddSingleton<RedisJobReconciler>();
        services.AddHostedService(provider => provider.GetRequiredService<RedisJobReconciler>());
        services.AddHealthChecks().AddCheck<RedisQueueHealthCheck>("queue", tags: ["ready"]);
        return services;
    }
}
