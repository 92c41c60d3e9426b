using System.Globalization;
using Urssaf.Modules.Declarations.Contracts.IntegrationEvents;
using Urssaf.Modules.Payments.Contracts.IntegrationEvents;

namespace Urssaf.TestKit.Builders;

/// <summary>
/// Integration events with the defaults a typical entrepreneur has, so that a test names only what it is about
/// (the period, the amount, the due date) instead of a constructor's nineteen positional arguments; anything else
/// with <c>with { … }</c>.
/// </summary>
public static class An
{
    public const string Siret = "73282932000074";

    /// <summary>
    /// A declaration of <paramref name="period"/> (<c>2026-Q1</c> or <c>2026-03</c>) filed on time, whose whole total is social
    /// contributions; due on the last day of the month after the period (CSS R613-3), deadline 23:59:59 Paris summer time.
    /// </summary>
    public static DeclarationFiled DeclarationFiled(Guid accountId, string period = "2026-Q1", long totalCents = 0, DateOnly? dueDate = null,
        DateTime? at = null, DateTime? deadlineUtc = null, bool filedLate = false, IReadOnlyList<DeclaredLine>? lines = null, long? socialCents = null,
        long trainingCents = 0, long incomeTaxCents = 0, Guid? declarationId = null, string siret = Siret, DateTime? occurredOnUtc = null)
    {
        var (start, end) = Periods.Bounds(period);
        var due = dueDate ?? Periods.DueDate(end);
        var now = at ?? DateTime.UtcNow;
        return new DeclarationFiled(Guid.NewGuid(), occurredOnUtc ?? now, declarationId ?? Guid.NewGuid(), accountId, siret, period, start, end, due,
            deadlineUtc ?? Periods.Deadline(due), now, filedLate, 1, lines ?? [], socialCents ?? totalCents, trainingCents, 0, incomeTaxCents, totalCents);
    }

    /// <summary>A declaration obligation of <paramref name="period"/> as Payments publishes it after a change (revision 1, nothing paid).</summary>
    public static ObligationChanged ObligationChanged(Guid accountId, string period = "2026-Q1", long amountCents = 0, long paidCents = 0, long pendingCents = 0,
        DateOnly? dueDate = null, int revision = 1, string kind = "declaration", Guid? obligationId = null, Guid? sourceId = null, DateTime? at = null,
        long paidLateCents = 0, long pendingLateCents = 0, IReadOnlyList<LateReceipt>? lateReceipts = null) =>
        new(Guid.NewGuid(), at ?? DateTime.UtcNow, obligationId ?? Guid.NewGuid(), accountId, kind, sourceId ?? Guid.NewGuid(), period, amountCents, paidCents,
            pendingCents, dueDate ?? Periods.DueDate(Periods.Bounds(period).End), revision, paidLateCents, pendingLateCents, LateReceipts: lateReceipts);
}

/// <summary>Period arithmetic for test data (the module's own calendar is under test elsewhere).</summary>
public static class Periods
{
    public static (DateOnly Start, DateOnly End) Bounds(string period)
    {
        var year = int.Parse(period[..4], CultureInfo.InvariantCulture);
        var start = period[5] == 'Q'
            ? new DateOnly(year, (period[6] - '1') * 3 + 1, 1)
            : new DateOnly(year, int.Parse(period[5..], CultureInfo.InvariantCulture), 1);
        return (start, start.AddMonths(period[5] == 'Q' ? 3 : 1).AddDays(-1));
    }

    /// <summary>The last day of the month after the period's end.</summary>
    public static DateOnly DueDate(DateOnly periodEnd) => new DateOnly(periodEnd.Year, periodEnd.Month, 1).AddMonths(2).AddDays(-1);

    /// <summary>23:59:59 Paris on the due date in summer time (UTC+2), as most test periods fall.</summary>
    public static DateTime Deadline(DateOnly due) => due.ToDateTime(new TimeOnly(21, 59, 59), DateTimeKind.Utc);
}
