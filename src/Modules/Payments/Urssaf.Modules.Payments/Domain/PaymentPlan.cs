using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Payments.Domain;

internal enum PlanStatus
{
    /// <summary>Waits for an operator's decision.</summary>
    UnderReview,
    /// <summary>The operator proposed another schedule; waits for the entrepreneur's acceptance.</summary>
    CounterProposed,
    /// <summary>Signed and honoured so far: its instalments are scheduled direct debits.</summary>
    Approved,
    Refused,
    /// <summary>Every instalment collected.</summary>
    Completed,
    /// <summary>An instalment failed twice: the rest is due at once (ADR 0092).</summary>
    Defaulted,
}

/// <summary>
/// A payment plan (échéancier, CSS R243-21): the debts it covers (<see cref="PlanDebt"/>, cents per obligation) paid in
/// monthly instalments by direct debit on one mandate. While approved, the covered debts are reserved by the instalments'
/// scheduled debits: Compliance sees them as covered (ADR 0092).
/// </summary>
internal sealed class PaymentPlan
{
    private PaymentPlan() { }

    public Guid Id { get; private set; }
    public AccountId AccountId { get; private set; }
    public Guid MandateId { get; private set; }
    public PlanStatus Status { get; private set; }
    public string Reason { get; private set; } = "";
    public long TotalCents { get; private set; }
    public DateTime CreatedOnUtc { get; private set; }
    public DateTime UpdatedOnUtc { get; private set; }
    public DateTime? DecidedOnUtc { get; private set; }
    public string? DecisionNote { get; private set; }
    /// <summary>What the plan left due at once when it defaulted.</summary>
    public long? RestDueCents { get; private set; }
    /// <summary>Why the plan was refused at once (<c>payments.plan.*</c> codes), comma-separated.</summary>
    public string? RefusalCodes { get; private set; }
    public int Revision { get; private set; }
    public List<PlanDebt> Debts { get; private set; } = [];
    public List<PlanInstalment> Instalments { get; private set; } = [];

    public static PaymentPlan Request(AccountId account, Guid mandateId, string reason, IReadOnlyList<(Obligation Obligation, long Cents)> debts,
        IReadOnlyList<(DateOnly DueDate, long Cents)> schedule, DateTime now)
    {
        var plan = new PaymentPlan
        {
            Id = Guid.CreateVersion7(), AccountId = account, MandateId = mandateId, Reason = reason, TotalCents = debts.Sum(d => d.Cents),
            Status = PlanStatus.UnderReview, CreatedOnUtc = now, UpdatedOnUtc = now,
        };
        foreach (var (obligation, cents) in debts) plan.Debts.Add(new PlanDebt(plan.Id, obligation.Id, obligation.Period, cents));
        plan.Replace(schedule);
        return plan;
    }

    public void Replace(IReadOnlyList<(DateOnly DueDate, long Cents)> schedule)
    {
        Instalments.Clear();
        for (var i = 0; i < schedule.Count; i++) Instalments.Add(new PlanInstalment(Id, i + 1, schedule[i].DueDate, schedule[i].Cents));
    }

    public void Refuse(string? codes, string? note, DateTime now) => Decide(PlanStatus.Refused, note, now, codes);

    public void Approve(string? note, DateTime now) => Decide(PlanStatus.Approved, note, now);

    public void CounterPropose(IReadOnlyList<(DateOnly DueDate, long Cents)> schedule, string? note, DateTime now)
    {
        Replace(schedule);
        Decide(PlanStatus.CounterProposed, note, now);
    }

    public void Complete(DateTime now) => Change(PlanStatus.Completed, now);

    /// <summary>CSS R243-21: a plan not kept ends; <paramref name="restDueCents"/> is owed at once.</summary>
    public void Default(long restDueCents, DateTime now)
    {
        RestDueCents = restDueCents;
        Change(PlanStatus.Defaulted, now);
    }

    private void Decide(PlanStatus status, string? note, DateTime now, string? codes = null)
    {
        (DecidedOnUtc, DecisionNote, RefusalCodes) = (now, note, codes);
        Change(status, now);
    }

    private void Change(PlanStatus status, DateTime now) => (Status, UpdatedOnUtc, Revision) = (status, now, Revision + 1);
}

/// <summary>The part of one obligation a plan covers.</summary>
internal sealed class PlanDebt
{
    private PlanDebt() { }

    public PlanDebt(Guid planId, Guid obligationId, string period, long cents) =>
        (Id, PlanId, ObligationId, Period, Cents) = (Guid.CreateVersion7(), planId, obligationId, period, cents);

    public Guid Id { get; private set; }
    public Guid PlanId { get; private set; }
    public Guid ObligationId { get; private set; }
    public string Period { get; private set; } = "";
    public long Cents { get; private set; }
}

/// <summary>One monthly instalment; <see cref="Presentations"/> counts its debits (a returned one is presented once more).</summary>
internal sealed class PlanInstalment
{
    private PlanInstalment() { }

    public PlanInstalment(Guid planId, int number, DateOnly dueDate, long cents) =>
        (Id, PlanId, Number, DueDate, AmountCents) = (Guid.CreateVersion7(), planId, number, dueDate, cents);

    public Guid Id { get; private set; }
    public Guid PlanId { get; private set; }
    public int Number { get; private set; }
    public DateOnly DueDate { get; private set; }
    public long AmountCents { get; private set; }
    public int Presentations { get; set; }
}

/// <summary>The schedule rules (ADR 0092): monthly, whole cents, the last instalment takes the remainder.</summary>
internal static class PlanSchedule
{
    /// <summary>
    /// <paramref name="count"/> instalments of <paramref name="totalCents"/>: each the floor of the even share, the last one the
    /// remainder; due monthly from <paramref name="first"/> (same day of month, at most the 28th), each on a TARGET business day.
    /// </summary>
    public static IReadOnlyList<(DateOnly DueDate, long Cents)> Compute(long totalCents, int count, DateOnly first)
    {
        var share = totalCents / count;
        var day = Math.Min(first.Day, 28);
        var start = new DateOnly(first.Year, first.Month, day);
        var result = new List<(DateOnly, long)>(count);
        for (var i = 0; i < count; i++)
            result.Add((TargetCalendar.NextBusinessDayFrom(start.AddMonths(i)), i == count - 1 ? totalCents - share * (count - 1) : share));
        return result;
    }
}
