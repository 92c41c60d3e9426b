using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Urssaf.SharedKernel.Infrastructure.Modules;

/// <summary>Work a module runs once a day (period announcements, reminders, penalties). Idempotent: running it twice changes nothing more.</summary>
public interface IDailyJob
{
    string Name { get; }

    /// <summary>Runs the job for "today" as the service's clock says; returns how many items it produced.</summary>
    Task<int> RunAsync(CancellationToken cancellationToken);
}

public static class DailyJobRegistration
{
    /// <summary>
    /// Schedules a daily job at <c>Jobs:&lt;name&gt;:Cron</c> (Quartz cron, Paris time; default 06:00) and makes it
    /// resolvable as <see cref="IDailyJob"/> for tests and the <c>run-job</c> host verb.
    /// </summary>
    public static IQuartzBuilder AddDailyJob<TJob>(this IQuartzBuilder quartz, string name, IConfiguration configuration, string defaultCron = "0 0 6 * * ?")
        where TJob : class, IDailyJob
    {
        var key = new JobKey(name, "daily");
        quartz.AddJob<DailyJobRunner<TJob>>(j => j.WithIdentity(key));
        quartz.AddTrigger(t => t.ForJob(key).WithIdentity($"{name}-trigger", "daily")
            .WithCronSchedule(configuration[$"Jobs:{name}:Cron"] ?? defaultCron, c => c.InTimeZone(Time.FrenchTime.Paris)));
        return quartz;
    }

    public static IServiceCollection AddDailyJobService<TJob>(this IServiceCollection services) where TJob : class, IDailyJob
    {
        services.AddSingleton<TJob>();
        services.AddSingleton<IDailyJob>(sp => sp.GetRequiredService<TJob>());
        return services;
    }
}

[DisallowConcurrentExecution]
internal sealed class DailyJobRunner<TJob>(TJob job, IJobLock locks, Observability.UrssafMetrics metrics, ILogger<TJob> logger) : IJob
    where TJob : class, IDailyJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (await job.RunExclusiveAsync(locks, metrics, cancellationToken) is null)
            logger.LogWarning("Daily job {Job} is running in another process: this run is skipped.", job.Name);
    }
}
