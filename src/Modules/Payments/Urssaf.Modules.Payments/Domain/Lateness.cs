using Urssaf.SharedKernel.Infrastructure.Time;

namespace Urssaf.Modules.Payments.Domain;

/// <summary>
/// Which payments of an obligation were not made by its due date (CSS R243-16 I: the majoration applies to the
/// contributions not paid at the due date). A direct debit ordered on or before the due date (Paris date) is on time,
/// even when its collection falls on the next TARGET business day: the law asks for the payment order with the
/// declaration (R613-8). One ordered after the due date is late, while pending and once collected. A transfer is late
/// when the bank received it after the due date. Returned debits pay nothing and count for nothing.
/// </summary>
internal static class Lateness
{
    public static (long Paid, long Pending) Of(IEnumerable<Payment> payments, DateOnly dueDate)
    {
        long paid = 0, pending = 0;
        foreach (var p in payments)
        {
            if (p.Method == PaymentMethod.SepaDebit)
            {
                if (OrderedOn(p) <= dueDate) continue;
                foreach (var c in p.Collections)
                {
                    if (c.Status == CollectionStatus.Collected) paid += c.AmountCents;
                    else if (c.Status is CollectionStatus.Scheduled or CollectionStatus.Submitted) pending += c.AmountCents;
                }
            }
            else if (p.Status == PaymentStatus.Paid && p.ReceivedOn > dueDate)
            {
                paid += p.ReceivedCents;
            }
        }

        return (paid, pending);
    }

    /// <summary>What the scheduled or sent debits of plan instalments still reserve (CSS R243-21: covered by the plan).</summary>
    public static long PlanPending(IEnumerable<Payment> payments) => payments.Where(p => p.PlanInstalmentId is not null)
        .SelectMany(p => p.Collections).Where(c => c.Status is CollectionStatus.Scheduled or CollectionStatus.Submitted).Sum(c => c.AmountCents);

    /// <summary>The Paris calendar day the payment was ordered.</summary>
    public static DateOnly OrderedOn(Payment payment) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(payment.CreatedOnUtc, DateTimeKind.Utc), FrenchTime.Paris));
}
