using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using Urssaf.SharedKernel.Infrastructure.Observability;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.SharedKernel.Infrastructure.Messaging;

public static class MessagingRegistration
{
    /// <summary>Registers the module's outbox relay, inbox writer and inbox consumer.</summary>
    public static IServiceCollection AddModuleMessaging<TContext>(this IServiceCollection services, string module)
        where TContext : ModuleDbContext
    {
        services.AddSingleton<IModuleMessaging>(sp => new ModuleMessaging<TContext>(
            module,
            sp.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<IntegrationEventRouting>(),
            sp.GetRequiredService<IntegrationEventTypeRegistry>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<MessagingOptions>>(),
            sp.GetRequiredService<ILogger<ModuleMessaging<TContext>>>(),
            sp.GetRequiredService<SensitivePayloadProtector>(),
            sp.GetRequiredService<UrssafMetrics>()));
        services.TryAddSingleton<IntegrationEventRouting>();
        services.TryAddSingleton<UrssafMetrics>();
        services.TryAddSingleton<QueueMonitor>();
        services.TryAddSingleton<MessageDrainer>();
        return services;
    }

    /// <summary>One outbox job and one inbox job for the module, plus its daily cleanup, on the host's scheduler.</summary>
    public static IQuartzBuilder AddModuleMessagingJobs(
        this IQuartzBuilder quartz, string module, MessagingOptions options)
    {
        foreach (var kind in new[] { MessagingJob.Outbox, MessagingJob.Inbox })
        {
            var key = new JobKey($"{module}-{kind}", "messaging");
            quartz.AddJob<MessagingJob>(j => j.WithIdentity(key).UsingJobData(MessagingJob.ModuleKey, module).UsingJobData(MessagingJob.KindKey, kind));
            quartz.AddTrigger(t => t.ForJob(key).WithIdentity($"{module}-{kind}-trigger", "messaging").StartNow()
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(Math.Max(1, options.OutboxIntervalSeconds))).RepeatForever()));
        }

        var cleanup = new JobKey($"{module}-{MessagingJob.Cleanup}", "messaging");
        quartz.AddJob<MessagingJob>(j => j.WithIdentity(cleanup).UsingJobData(MessagingJob.ModuleKey, module).UsingJobData(MessagingJob.KindKey, MessagingJob.Cleanup));
        quartz.AddTrigger(t => t.ForJob(cleanup).WithIdentity($"{module}-cleanup-trigger", "messaging")
            .WithCronSchedule("0 30 3 * * ?", c => c.InTimeZone(TimeZoneInfo.Utc)));
        return quartz;
    }
}

/// <summary>Outgoing deliveries to the outside world (e-mail, SMS) that a module queues and sends by itself.</summary>
public interface IDeliveryWork
{
    /// <summary>Sends what is due now; returns how many deliveries were attempted.</summary>
    Task<int> DeliverDueAsync(CancellationToken cancellationToken);
}

/// <summary>Runs one module's outbox relay, inbox consumer or cleanup; Quartz never runs the same job twice at once.</summary>
[DisallowConcurrentExecution]
public sealed class MessagingJob(IEnumerable<IModuleMessaging> modules, UrssafMetrics metrics) : IJob
{
    public const string ModuleKey = "module";
    public const string KindKey = "kind";
    public const string Outbox = "outbox";
    public const string Inbox = "inbox";
    public const string Cleanup = "cleanup";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var module = modules.Single(m => m.Module == context.MergedJobDataMap.GetString(ModuleKey));
        var kind = context.MergedJobDataMap.GetString(KindKey);
        await metrics.TimeJobAsync($"{module.Module}-{kind}", async () =>
        {
            var handled = 0;
            switch (kind)
            {
                case Outbox:
                    for (int n; (n = await module.RelayOutboxAsync(cancellationToken)) > 0;) handled += n;
                    break;
                case Inbox:
                    for (int n; (n = await module.ProcessInboxAsync(cancellationToken)) > 0;) handled += n;
                    break;
                case Cleanup:
                    handled = await module.CleanupAsync(cancellationToken);
                    break;
            }

            return handled;
        });
    }
}

/// <summary>Measures the queues of every module for the backlog, lag and dead-letter gauges (ADR 0122).</summary>
[DisallowConcurrentExecution]
public sealed class QueueMonitorJob(QueueMonitor monitor) : IJob
{
    public static readonly JobKey Key = new("queue-monitor", "messaging");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await monitor.RefreshAsync(cancellationToken);
}

/// <summary>
/// Runs every module's outbox and inbox until none has due work: the deterministic way tests (and the
/// <c>drain</c> host command) deliver messages, without timers or polling.
/// </summary>
public sealed class MessageDrainer(IEnumerable<IModuleMessaging> modules, IEnumerable<IDeliveryWork> deliveries)
{
    public async Task<int> DrainAsync(CancellationToken cancellationToken = default)
    {
        var total = 0;
        for (var round = 0; round < 1000; round++)
        {
            var handled = 0;
            foreach (var module in modules) handled += await module.RelayOutboxAsync(cancellationToken);
            foreach (var module in modules) handled += await module.ProcessInboxAsync(cancellationToken);
            foreach (var delivery in deliveries) handled += await delivery.DeliverDueAsync(cancellationToken);
            if (handled == 0) return total;
            total += handled;
        }

        throw new InvalidOperationException("Messages kept flowing after 1000 rounds: an event loop between modules?");
    }
}
