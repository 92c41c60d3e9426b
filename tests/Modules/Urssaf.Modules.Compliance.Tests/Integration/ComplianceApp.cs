using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Declarations.Contracts.IntegrationEvents;
using Urssaf.Modules.Payments.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Messaging;
using Urssaf.TestKit;
using Urssaf.TestKit.Builders;

namespace Urssaf.Modules.Compliance.Tests.Integration;

/// <summary>Feeds Compliance (and, where a test needs it, Declarations) the events other modules publish, through the real inboxes.</summary>
internal static class ComplianceEvents
{

    public static async Task DeliverAsync<T>(this UrssafApp app, T e, string module = "compliance") where T : IIntegrationEvent
    {
        await app.DeliverToAsync(module, e);
        await app.DrainAsync();
    }

    public static Task PeriodOpenedAsync(this UrssafApp app, AccountId account, string period, string due) =>
        app.DeliverAsync(new DeclarationPeriodOpened(Guid.NewGuid(), DateTime.UtcNow, account.Value, "73282932000074", period, new DateOnly(2026, 1, 1),
            new DateOnly(2026, 3, 31), DateOnly.Parse(due), Deadline(due)));

    public static Task FiledAsync(this UrssafApp app, AccountId account, string period, string due, long totalCents, bool late = false) =>
        app.DeliverAsync(An.DeclarationFiled(account.Value, period, totalCents, DateOnly.Parse(due), app.Clock.GetUtcNow().UtcDateTime, Deadline(due), late,
            occurredOnUtc: DateTime.UtcNow) with { PeriodStart = new DateOnly(2026, 1, 1), PeriodEnd = new DateOnly(2026, 3, 31) });

    public static Task ObligationAsync(this UrssafApp app, AccountId account, Guid obligation, string period, string due, long amount, long paid, long pending,
        int revision, string kind = "declaration", Guid? source = null, long paidLate = 0, long pendingLate = 0, IReadOnlyList<LateReceipt>? receipts = null) =>
        app.DeliverAsync(An.ObligationChanged(account.Value, period, amount, paid, pending, DateOnly.Parse(due), revision, kind, obligation, source,
            paidLateCents: paidLate, pendingLateCents: pendingLate, lateReceipts: receipts));

    /// <summary>23:59:59 Paris on the due date (CEST in spring and summer).</summary>
    private static DateTime Deadline(string due) => DateOnly.Parse(due).ToDateTime(new TimeOnly(21, 59, 59), DateTimeKind.Utc);
}
