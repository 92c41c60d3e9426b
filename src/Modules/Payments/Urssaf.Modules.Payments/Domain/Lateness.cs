using Urssaf.Modules.Payments.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Infrastructure.Time;

namespace Urssaf.Modules.Payments.Domain;

/// <summary>
/// Which money of an obligation was not paid by its due date (CSS R243-16 I: the majoration applies to the contributions
/// not paid at the due date), judged per obligation. A direct debit (it pays only its own obligation) ordered on or before the
/// due date (Paris date) is on time, even when its collection falls on the next TARGET business day: the law asks for the
/// payment order with the declaration (R613-8). One ordered after the due date is late, while pending and once collected.
/// A transfer's part allocated to an obligation (<see cref="PaymentAllocation"/>) is late when booked after that obligation's
/// due date. Returned debits pay nothing and count for nothing. Late money counts only up to what the money in time left unpaid:
/// a second payment of the same contributions after the due date is a credit, not a late payment. The late receipts, by day, let
/// Compliance count the 0.2 % of each month on what was still owed as it began (R243-16 II).
/// </summary>
internal static class Lateness
{
    internal sealed record Late(long Paid, long Pending, IReadOnlyList<LateReceipt> Receipts);

    /// <param name="payments">The payments made for the obligation.</param>
    /// <param name="allocations">The transfer parts allocated to the obligation.</param>
    /// <param name="allocatedPayments">Payments that have allocations: a transfer without any predates them and is judged whole.</param>
    /// <param name="amountCents">What the obligation owes: late money counts only up to what the money in time left unpaid (R243-16 I);
    /// what comes beyond is a credit (a payment made twice), never late.</param>
    public static Late Of(IEnumerable<Payment> payments, IEnumerable<PaymentAllocation> allocations, IReadOnlySet<Guid> allocatedPayments, DateOnly dueDate,
        long amountCents)
    {
        long onTime = 0, pending = 0;
        var receipts = new List<(DateOnly On, long Cents)>();
        foreach (var p in payments)
        {
            if (p.Method == PaymentMethod.SepaDebit)
            {
                var late = OrderedOn(p) > dueDate;
                foreach (var c in p.Collections)
                {
                    if (c.Status == CollectionStatus.Returned) continue;
                    if (!late) onTime += c.AmountCents;
                    else if (c.Status == CollectionStatus.Collected) receipts.Add((p.ReceivedOn ?? c.CollectionDate, c.AmountCents));
                    else pending += c.AmountCents;
                }
            }
            else if (p.Status == PaymentStatus.Paid && !allocatedPayments.Contains(p.Id) && p.ReceivedOn is { } on)
            {
                if (on > dueDate) receipts.Add((on, p.ReceivedCents));
                else onTime += p.ReceivedCents;
            }
        }

        foreach (var a in allocations)
        {
            if (a.ReceivedOn > dueDate) receipts.Add((a.ReceivedOn, a.AmountCents));
            else onTime += a.AmountCents;
        }

        // what the money in time left unpaid is paid late by the earliest late money; anything after it is surplus
        var room = Math.Max(0, amountCents - onTime);
        var counted = new List<LateReceipt>();
        foreach (var day in receipts.GroupBy(r => r.On).OrderBy(g => g.Key))
        {
            var cents = Math.Min(room, day.Sum(r => r.Cents));
            if (cents <= 0) break;
            counted.Add(new LateReceipt(day.Key, cents));
            room -= cents;
        }

        return new Late(counted.Sum(r => r.Cents), Math.Min(pending, room), counted);
    }

    /// <summary>What the scheduled or sent debits of plan instalments still reserve (CSS R243-21: covered by the plan).</summary>
    public static long PlanPending(IEnumerable<Payment> payments) => payments.Where(p => p.PlanInstalmentId is not null)
        .SelectMany(p => p.Collections).Where(c => c.Status is CollectionStatus.Scheduled or CollectionStatus.Submitted).Sum(c => c.AmountCents);

    /// <summary>The Paris calendar day the payment was ordered.</summary>
    public static DateOnly OrderedOn(Payment payment) =>
        FrenchTime.DateInParis(payment.CreatedOnUtc);
}
