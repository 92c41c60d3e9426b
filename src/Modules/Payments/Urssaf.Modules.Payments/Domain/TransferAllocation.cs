namespace Urssaf.Modules.Payments.Domain;

/// <summary>
/// How a received transfer is applied: its own obligation first; what exceeds it pays the account's other open obligations,
/// earliest due first (a penalty paid with the contributions); anything left is a credit on its own obligation. Each part
/// becomes a <see cref="PaymentAllocation"/>, so its lateness is judged against its own obligation's due date (CSS R243-16 I).
/// </summary>
internal static class TransferAllocation
{
    /// <summary>Receives <paramref name="cents"/> on the obligations and returns the part each received (only parts above zero).</summary>
    public static IReadOnlyList<(Obligation Obligation, long Cents)> Apply(Obligation target, IEnumerable<Obligation> others, long cents, DateTime now)
    {
        var parts = new List<(Obligation Obligation, long Cents)>();
        var first = Math.Min(cents, target.PayableCents);
        target.Receive(first, wasReserved: false, now);
        var left = cents - first;
        var targetPart = first;
        if (left > 0)
        {
            foreach (var other in others.Where(o => o.Id != target.Id && o.PayableCents > 0).OrderBy(o => o.DueDate).ThenBy(o => o.Kind))
            {
                var part = Math.Min(left, other.PayableCents);
                other.Receive(part, wasReserved: false, now);
                parts.Add((other, part));
                left -= part;
                if (left == 0) break;
            }
        }

        if (left > 0)
        {
            target.Receive(left, wasReserved: false, now);
            targetPart += left;
        }

        if (targetPart > 0) parts.Insert(0, (target, targetPart));
        return parts;
    }
}
