using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Urssaf.Modules.Notifications.Channels;
using Urssaf.Modules.Notifications.Features.DeliverMessages;
using Urssaf.Modules.Notifications.Features.RemindDeadlines;
using Urssaf.Modules.Notifications.Persistence;
using Urssaf.SharedKernel.Infrastructure.Hosting;
using Urssaf.SharedKernel.Infrastructure.Persistence;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Infrastructure.Modules;

namespace Urssaf.Modules.Notifications;

/// <summary>The Notifications module's registration: the only public type of this assembly.</summary>
public sealed class NotificationsModule : IModule
{
    public string Name => NotificationsDbContext.Schema;

    public Assembly ContractsAssembly => typeof(Contracts.AssemblyMarker).Assembly;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleCore<NotificationsDbContext, NotificationsSqlServerDbContext, NotificationsSqliteDbContext>(configuration, Name, typeof(NotificationsModule).Assembly);
        var options = configuration.GetSection(NotificationOptions.Section).Get<NotificationOptions>() ?? new NotificationOptions();
        var data = (configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions()).FullDataDirectory;
        services.AddSingleton(Options.Create(options));
        services.AddOptions<SmtpSecurityCheck>()
            .Validate<IHostEnvironment>((_, environment) => options.Smtp.SecurityProblem(environment.IsNonProduction()) is null,
                options.Smtp.SecurityProblem(nonProduction: false) ?? "")
            .ValidateOnStart();
        if (string.IsNullOrEmpty(options.Smtp.Host))
            services.AddSingleton<IEmailChannel>(new FileEmailChannel(Path.Combine(data, "mail"), options));
        else
            services.AddSingleton<IEmailChannel>(new SmtpEmailChannel(options));
        if (string.IsNullOrEmpty(options.SmsGateway.Url))
            services.AddSingleton<ISmsChannel>(sp => new FileSmsChannel(Path.Combine(data, "sms"), sp.GetRequiredService<TimeProvider>()));
        else
        {
            services.AddHttpClient(HttpSmsChannel.ClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
            services.AddSingleton<ISmsChannel>(sp => new HttpSmsChannel(sp.GetRequiredService<IHttpClientFactory>(), options));
        }
        services.AddKeyedSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, SealSensitiveBodies>(Name);
        services.AddSingleton<MessageDispatcher>();
        services.AddSingleton<IDeliveryWork>(sp => sp.GetRequiredService<MessageDispatcher>());
        services.Configure<ReminderOptions>(configuration.GetSection("Notifications:Reminders"));
        services.Configure<Features.RegulatoryWatch.RegulatoryWatchOptions>(configuration.GetSection("Notifications:RegulatoryWatch"));
        services.Configure<Features.RemindPayments.PaymentReminderOptions>(configuration.GetSection("Notifications:PaymentReminders"));
        services.AddSingleton(new Attachments.AttachmentStore(data));
        services.Configure<Features.Support.SupportOptions>(configuration.GetSection(Features.Support.SupportOptions.Section));
        services.Configure<Features.Threads.MessagingOptions>(configuration.GetSection(Features.Threads.MessagingOptions.Section));
    }

    public void AddJobs(IQuartzBuilder quartz, IConfiguration configuration)
    {
        var messaging = configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions();
        quartz.AddModuleMessagingJobs(Name, messaging);
        quartz.AddJob<DeliverMessagesJob>(j => j.WithIdentity(DeliverMessagesJob.Key));
        quartz.AddTrigger(t => t.ForJob(DeliverMessagesJob.Key).StartNow()
            .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(Math.Max(1, messaging.OutboxIntervalSeconds))).RepeatForever()));
        quartz.AddDailyJob<RemindDeadlinesJob>("remind-deadlines", configuration, "0 0 8 * * ?"); // 08:00 Paris
        quartz.AddDailyJob<Features.RemindPayments.RemindPaymentsJob>("remind-payments", configuration, "0 5 8 * * ?"); // 08:05 Paris
        quartz.AddDailyJob<Features.RegulatoryWatch.AnnounceRateChangesJob>("announce-rate-changes", configuration, "0 30 7 * * ?"); // 07:30 Paris
    }
}

/// <summary>Carries the start-time check of <c>Notifications:Smtp:Security</c> (the options themselves are bound once above).</summary>
internal sealed class SmtpSecurityCheck;

