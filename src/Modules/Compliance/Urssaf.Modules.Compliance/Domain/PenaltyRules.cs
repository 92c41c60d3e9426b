using System.Text.Json;

namespace Urssaf.Modules.Compliance.Domain;

/// <summary>The amounts of the law on late declarations and late payments, in cents.</summary>
internal sealed class PenaltyRules
{
    private readonly SortedDictionary<int, long> _monthlyCeilingCents;

    private PenaltyRules(SortedDictionary<int, long> monthlyCeilingCents) => _monthlyCeilingCents = monthlyCeilingCents;

    /// <summary>The PMSS by year, from the embedded <c>pmss.json</c> (data, not code).</summary>
    public static PenaltyRules Official { get; } = Load();

    /// <summary>
    /// CSS R613-9: per declaration not filed by its date, 1.5 % of the monthly social-security ceiling in force
    /// (the year of the due date), rounded up to the euro. 2026: 4,005 € × 1.5 % = 60.075 € → 61 €.
    /// </summary>
    public long LateDeclarationCents(DateOnly dueDate)
    {
        var ceiling = CeilingCents(dueDate.Year);
        var euros = (ceiling * 15 + 99_999) / 100_000; // ceiling in cents × 1.5 % in euros, rounded up
        return euros * 100;
    }

    /// <summary>
    /// CSS R243-16 I: 5 % of the contributions not paid at the due date; rounded to the nearest cent, halves up
    /// (DOMAIN.md gives no rounding rule for majorations). DOMAIN.md §2: 5 % of 1,281 € = 64.05 €.
    /// </summary>
    public static long MajorationCents(long unpaidAtDueDateCents) => (unpaidAtDueDateCents * 500 + 5_000) / 10_000;

    /// <summary>
    /// CSS R243-16 II: 0.2 % of the contributions still owed, for each month or part of a month elapsed since the due
    /// date; each month's part is its own amount, rounded to the nearest cent, halves up. DOMAIN.md §2: 0.2 % of 1,281 € = 2.562 → 2.56 €.
    /// </summary>
    public static long ComplementaryCents(long owedCents, int months) => months * ((owedCents * 20 + 5_000) / 10_000);

    /// <summary>
    /// The whole majoration when first assessed, <paramref name="months"/> after the due date: 5 % and the first month's 0.2 % on
    /// what was not paid at the due date (owed as the first month began), the later months' 0.2 % on what is still owed now.
    /// </summary>
    public static long LatePaymentCents(long unpaidAtDueDateCents, long stillOwedCents, int months) =>
        MajorationCents(unpaidAtDueDateCents) + ComplementaryCents(unpaidAtDueDateCents, Math.Min(months, 1)) + ComplementaryCents(stillOwedCents, Math.Max(0, months - 1));

    /// <summary>
    /// The whole late-payment majoration on <paramref name="today"/>, recomputed from what is owed (CSS R243-16): 5 % of what was not
    /// paid at the due date (I), and for each month or part of a month since the due date, 0.2 % of what was still owed as that month
    /// began (II): the unpaid amount less the late receipts booked by then. Month <c>i</c> begins the day after due date + (i − 1)
    /// months (ADR 33): a receipt on that day counts from the next month. A month that begins with nothing owed adds nothing and is
    /// not counted. Pure: a correction, a late booking or a returned payment changes the inputs and the same call gives the new amount.
    /// <paramref name="planCoveredCents"/>: the part reserved by an honoured payment plan's instalments (CSS R243-21), on which the
    /// 0.2 % stops growing: months after <paramref name="coverFromMonth"/> (those not yet counted when the plan was seen) exclude it.
    /// </summary>
    /// <returns>The amount in cents and the months counted.</returns>
    public static (long Cents, int Months) LatePayment(long unpaidAtDueDateCents, IReadOnlyCollection<(DateOnly On, long Cents)> lateReceipts, DateOnly dueDate,
        DateOnly today, long planCoveredCents = 0, int coverFromMonth = int.MaxValue)
    {
        if (unpaidAtDueDateCents <= 0) return (0, 0);
        var cents = MajorationCents(unpaidAtDueDateCents);
        var counted = 0;
        for (var month = 1; month <= MonthsElapsed(dueDate, today); month++)
        {
            var monthBegins = dueDate.AddMonths(month - 1); // receipts on or before this day were in by the time the month began
            // under an honoured plan the instalments move money from the cover to the receipts, so the base left outside the plan is
            // what neither came in nor is scheduled; before the plan, what had not come in as the month began
            var owed = planCoveredCents > 0 && month > coverFromMonth
                ? unpaidAtDueDateCents - lateReceipts.Sum(r => r.Cents) - planCoveredCents
                : unpaidAtDueDateCents - lateReceipts.Where(r => r.On <= monthBegins).Sum(r => r.Cents);
            if (owed <= 0) break;
            cents += ComplementaryCents(owed, 1);
            counted++;
        }

        return (cents, counted);
    }

    /// <summary>Months or parts of a month from the due date to <paramref name="today"/> (the day after the due date is one).</summary>
    public static int MonthsElapsed(DateOnly dueDate, DateOnly today)
    {
        if (today <= dueDate) return 0;
        var months = 1;
        while (dueDate.AddMonths(months) < today) months++;
        return months;
    }

    private long CeilingCents(int year)
    {
        if (_monthlyCeilingCents.TryGetValue(year, out var cents)) return cents;
        // a year not published yet keeps the last known ceiling; one before the table keeps the first
        var known = _monthlyCeilingCents.Keys.Where(y => y <= year).DefaultIfEmpty(_monthlyCeilingCents.Keys.First()).Max();
        return _monthlyCeilingCents[known];
    }

    private static PenaltyRules Load()
    {
        using var stream = typeof(PenaltyRules).Assembly.GetManifestResourceStream("pmss.json")
                           ?? throw new InvalidOperationException("The embedded pmss.json is missing.");
        using var document = JsonDocument.Parse(stream);
        var table = new SortedDictionary<int, long>();
        foreach (var year in document.RootElement.GetProperty("monthlyCeilingEuros").EnumerateObject())
            table[int.Parse(year.Name, System.Globalization.CultureInfo.InvariantCulture)] = (long)(year.Value.GetDecimal() * 100m);
        return new PenaltyRules(table);
    }
}
