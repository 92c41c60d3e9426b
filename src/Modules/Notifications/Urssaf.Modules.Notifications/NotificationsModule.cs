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
        services.AddOptions<NotificationOptionsCheck>()
            .Validate(check => IsAbsoluteUrl(options.PublicBaseUrl), "Notifications:PublicBaseUrl is an absolute URL.")
            .Validate(check => MimeKit.MailboxAddress.TryParse(options.FromAddress, out _) && !string.IsNullOrWhiteSpace(options.FromName),
                "Notifications:FromAddress is an e-mail address and FromName is set.")
            .Validate(check => options.MaxDeliveryAttempts is >= 1 and <= 100, "Notifications:MaxDeliveryAttempts is 1 to 100.")
            .Validate(check => options.DeliveryLeaseSeconds is >= 10 and <= 3600, "Notifications:DeliveryLeaseSeconds is 10 to 3600.")
            .Validate(check => options.Smtp.Port is >= 1 and <= 65535, "Notifications:Smtp:Port is 1 to 65535.")
            .Validate(check => options.SmsGateway.Url is not { Length: > 0 } url || IsAbsoluteUrl(url), "Notifications:SmsGateway:Url is an absolute URL.")
            .Validate<IHostEnvironment>((check, environment) => options.Smtp.SecurityProblem(environment.IsNonProduction()) is null,
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
        services.AddOptions<ReminderOptions>().Bind(configuration.GetSection("Notifications:Reminders"))
            .Validate(o => o.DaysBefore.All(d => d is >= 1 and <= 62), "Notifications:Reminders:DaysBefore are 1 to 62 (one bit each in the legacy reminded mask).")
            .ValidateOnStart();
        services.AddOptions<Features.RegulatoryWatch.RegulatoryWatchOptions>().Bind(configuration.GetSection("Notifications:RegulatoryWatch"))
            .Validate(o => o.NoticeDays is >= 1 and <= 365, "Notifications:RegulatoryWatch:NoticeDays is 1 to 365.")
            .ValidateOnStart();
        services.AddOptions<Features.RemindPayments.PaymentReminderOptions>().Bind(configuration.GetSection("Notifications:PaymentReminders"))
            .Validate(o => o.DaysBefore.All(d => d is >= 0 and <= 90), "Notifications:PaymentReminders:DaysBefore are 0 to 90.")
            .ValidateOnStart();
        services.AddSingleton(new Attachments.AttachmentStore(data));
        services.AddOptions<Features.Support.SupportOptions>().Bind(configuration.GetSection(Features.Support.SupportOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.PhoneNumber) && !string.IsNullOrWhiteSpace(o.OpeningHours), "Support:PhoneNumber and Support:OpeningHours are required.")
            .ValidateOnStart();
        services.AddOptions<Features.Threads.MessagingOptions>().Bind(configuration.GetSection(Features.Threads.MessagingOptions.Section))
            .Validate(o => o.TargetReplyHours is >= 1 and <= 720, "Notifications:Messaging:TargetReplyHours is 1 to 720.")
            .ValidateOnStart();
    }

    private static bool IsAbsoluteUrl(string value) => Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

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

/// <summary>Carries the start-time checks of the <c>Notifications</c> section (the options themselves are read once, above, for the channels).</summary>
internal sealed class NotificationOptionsCheck;

