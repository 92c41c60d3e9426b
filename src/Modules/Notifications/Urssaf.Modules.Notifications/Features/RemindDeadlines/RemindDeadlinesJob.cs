using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Urssaf.Modules.Declarations.Contracts.IntegrationEvents;
using Urssaf.Modules.Notifications.Domain;
using Urssaf.Modules.Notifications.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Infrastructure.Modules;
using Urssaf.SharedKernel.Infrastructure.Time;
using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Notifications.Features.RemindDeadlines;

/// <summary>Keeps the declarations still expected from each account.</summary>
internal sealed class DeclarationPeriodOpenedHandler(NotificationsDbContext db) : IIntegrationEventHandler<DeclarationPeriodOpened>
{
    public async Task Handle(DeclarationPeriodOpened e, CancellationToken cancellationToken)
    {
        var account = new AccountId(e.AccountId);
        var row = await db.PendingDeclarations.SingleOrDefaultAsync(p => p.AccountId == account && p.Period == e.Period, cancellationToken);
        if (row is null) db.PendingDeclarations.Add(new PendingDeclaration { AccountId = account, Period = e.Period, DueDate = e.DueDate });
    }
}

internal sealed class DeclarationFiledReminderHandler(NotificationsDbContext db) : IIntegrationEventHandler<DeclarationFiled>
{
    public async Task Handle(DeclarationFiled e, CancellationToken cancellationToken)
    {
        var account = new AccountId(e.AccountId);
        var row = await db.PendingDeclarations.SingleOrDefaultAsync(p => p.AccountId == account && p.Period == e.Period, cancellationToken);
        if (row is null) db.PendingDeclarations.Add(new PendingDeclaration { AccountId = account, Period = e.Period, DueDate = e.DueDate, Filed = true });
        else row.Filed = true;
    }
}

/// <summary>The <c>Notifications:Reminders</c> section.</summary>
internal sealed class ReminderOptions
{
    /// <summary>How many days before the due date reminders go out.</summary>
    public int[] DaysBefore { get; set; } = [7, 1];
}

/// <summary>
/// Daily: reminds every account with an undeclared period due in 7 and in 1 day(s), on the channels it chose for deadline
/// reminders, never twice for the same period and step (ADR 0137). One <c>INSERT … SELECT</c> per step queues compact rows
/// (the e-mail is rendered when it is sent); a reminder already queued for the step, or the legacy mask, excludes a period.
/// </summary>
internal sealed class RemindDeadlinesJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<ReminderOptions> options) : IDailyJob
{
    /// <summary>Stands for the period in the subject and SMS templates; the statement puts each row's period in its place.</summary>
    private const string PeriodMark = "\u0001";

    public string Name => "remind-deadlines";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = clock.Today();
        var queued = 0;
        foreach (var days in options.Value.DaysBefore.Where(d => d is > 0 and < 63).Distinct())
            queued += await RemindAsync(today.AddDays(days), days, now, cancellationToken);
        return queued;
    }

    private async Task<int> RemindAsync(DateOnly due, int days, DateTime now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        var subject = Templates.DeadlineReminderSubject(PeriodMark, due, days).Split(PeriodMark);
        var sms = Templates.DeadlineReminderSms(PeriodMark, due).Split(PeriodMark);
        var sqlServer = db.Database.IsSqlServer();
        var parameters = Leases.Parameters(db,
            ("@due", sqlServer ? due.ToDateTime(TimeOnly.MinValue) : due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("@days", days), ("@bit", 1L << days), ("@now", now),
            ("@choice", Preference.Defaults[Topics.DeadlineReminders].ToString()),
            ("@values", $"{OutgoingMessage.ValueSeparator}{due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}{OutgoingMessage.ValueSeparator}{days.ToString(CultureInfo.InvariantCulture)}"),
            ("@subjectBefore", subject[0]), ("@subjectAfter", subject[^1]), ("@smsBefore", sms[0]), ("@smsAfter", sms[^1]));
        return await db.Database.ExecuteSqlRawAsync(sqlServer ? SqlServerInsert : SqliteInsert, parameters, ct); // one statement: its own transaction
    }

    /// <summary>
    /// SQLite: the message id is the account id's time-ordered first half plus 64 random bits, so that rows written in account
    /// order land near the end of every index. <c>@values</c> is the compact e-mail's tail (due date, days) after period.
    /// </summary>
    public const string SqliteInsert = """
        INSERT INTO "OutgoingMessages" ("Id", "SourceEventId", "AccountId", "Topic", "Channel", "Recipient", "Subject", "TextBody", "HtmlBody",
            "Status", "Attempts", "CreatedOnUtc", "NextAttemptOnUtc", "Sensitive", "Template", "Period", "DaysBefore")
        SELECT substr(p."AccountId", 1, 19) || hex(randomblob(2)) || '-' || hex(randomblob(6)),
               substr(p."AccountId", 1, 19) || hex(randomblob(2)) || '-' || hex(randomblob(6)),
               p."AccountId", 'deadline_reminders', ch."Channel",
               CASE ch."Channel" WHEN 'Email' THEN c."Email" ELSE c."MobilePhone" END,
               CASE ch."Channel" WHEN 'Email' THEN @subjectBefore || p."Period" || @subjectAfter END,
               CASE ch."Channel" WHEN 'Email' THEN c."FirstName" || char(31) || p."Period" || @values ELSE @smsBefore || p."Period" || @smsAfter END,
               NULL, 'Pending', 0, @now, @now, 0, CASE ch."Channel" WHEN 'Email' THEN 'deadline_reminder' END, p."Period", @days
        FROM "PendingDeclarations" AS p
        JOIN "Contacts" AS c ON c."AccountId" = p."AccountId"
        LEFT JOIN "Preferences" AS f ON f."AccountId" = p."AccountId" AND f."Topic" = 'deadline_reminders'
        JOIN (SELECT 'Email' AS "Channel" UNION ALL SELECT 'Sms') AS ch
          ON ch."Channel" = coalesce(f."Choice", @choice) OR coalesce(f."Choice", @choice) = 'Both'
        WHERE p."DueDate" = @due AND p."Filed" = 0 AND (p."RemindedDaysMask" & @bit) = 0
          AND coalesce(CASE ch."Channel" WHEN 'Email' THEN c."Email" ELSE c."MobilePhone" END, '') <> ''
          AND NOT EXISTS (SELECT 1 FROM "OutgoingMessages" AS m
                          WHERE m."AccountId" = p."AccountId" AND m."Period" = p."Period" AND m."DaysBefore" = @days)
        ORDER BY p."AccountId", ch."Channel";
        """;

    /// <summary>SQL Server: the same statement; the key probe holds its range so that a concurrent run waits, then finds the rows.</summary>
    public const string SqlServerInsert = $"""
        INSERT INTO [{NotificationsDbContext.Schema}].[OutgoingMessages] ([Id], [SourceEventId], [AccountId], [Topic], [Channel], [Recipient], [Subject],
            [TextBody], [HtmlBody], [Status], [Attempts], [CreatedOnUtc], [NextAttemptOnUtc], [Sensitive], [Template], [Period], [DaysBefore])
        SELECT NEWID(), NEWID(), p.[AccountId], N'deadline_reminders', ch.[Channel],
               CASE ch.[Channel] WHEN N'Email' THEN c.[Email] ELSE c.[MobilePhone] END,
               CASE ch.[Channel] WHEN N'Email' THEN CONCAT(@subjectBefore, p.[Period], @subjectAfter) END,
               CASE ch.[Channel] WHEN N'Email' THEN CONCAT(c.[FirstName], NCHAR(31), p.[Period], @values) ELSE CONCAT(@smsBefore, p.[Period], @smsAfter) END,
               NULL, N'Pending', 0, @now, @now, CAST(0 AS bit), CASE ch.[Channel] WHEN N'Email' THEN 'deadline_reminder' END, p.[Period], @days
        FROM [{NotificationsDbContext.Schema}].[PendingDeclarations] AS p
        JOIN [{NotificationsDbContext.Schema}].[Contacts] AS c ON c.[AccountId] = p.[AccountId]
        LEFT JOIN [{NotificationsDbContext.Schema}].[Preferences] AS f ON f.[AccountId] = p.[AccountId] AND f.[Topic] = N'deadline_reminders'
        JOIN (VALUES (N'Email'), (N'Sms')) AS ch ([Channel])
          ON ch.[Channel] = COALESCE(f.[Choice], @choice) OR COALESCE(f.[Choice], @choice) = N'Both'
        WHERE p.[DueDate] = CAST(@due AS date) AND p.[Filed] = CAST(0 AS bit) AND (p.[RemindedDaysMask] & @bit) = 0
          AND COALESCE(CASE ch.[Channel] WHEN N'Email' THEN c.[Email] ELSE c.[MobilePhone] END, N'') <> N''
          AND NOT EXISTS (SELECT 1 FROM [{NotificationsDbContext.Schema}].[OutgoingMessages] AS m WITH (UPDLOCK, HOLDLOCK)
                          WHERE m.[AccountId] = p.[AccountId] AND m.[Period] = p.[Period] AND m.[DaysBefore] = @days);
        """;
}
