using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Urssaf.Modules.Compliance.Contracts.Queries;
using Urssaf.Modules.Payments.Contracts.IntegrationEvents;
using Urssaf.Modules.Payments.Domain;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Time;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Payments.Features.Shared;

internal sealed record ScheduleLine(int Number, DateOnly DueDate, decimal Amount, string? Status = null);

internal sealed record PlanDebtLine(string Period, string Kind, decimal Amount);

internal sealed record PlanResponse(Guid PlanId, string Status, decimal Total, int Instalments, Guid MandateId, string Reason,
    IReadOnlyList<PlanDebtLine> Debts, IReadOnlyList<ScheduleLine> Schedule, IReadOnlyList<string> RefusalReasons, string? DecisionNote,
    DateTime CreatedAt, DateTime? DecidedAt);

/// <summary>
/// The rules of payment plans (CSS R243-21, ADR 0092): which debts, eligibility, the schedule, approval at once or review,
/// activation (each instalment becomes scheduled direct debits, earliest debts first), second presentation and default.
/// </summary>
internal sealed class PlanService(PaymentsDbContext db, TimeProvider clock, IOptions<PaymentsOptions> options, ISender sender)
{
    private PlanOptions Rules => options.Value.Plans;

    /// <summary>What is left to pay (not paid, not covered by a payment in progress) for the periods asked, or for all.</summary>
    public async Task<Result<List<(Obligation Obligation, long Cents)>>> DebtsAsync(AccountId account, IReadOnlyList<string>? periods, bool all, CancellationToken ct)
    {
        var open = (await db.Obligations.Where(o => o.AccountId == account).ToListAsync(ct))
            .Where(o => o.PayableCents > 0 && (all || periods!.Contains(o.Period))).OrderBy(o => o.DueDate).ThenBy(o => o.Kind).ToList();
        if (open.Count == 0)
            return Error.Rule("payments.plan.nothing_due", "Nothing is left to pay for these periods (or a payment in progress covers it).");
        return open.Select(o => (o, o.PayableCents)).ToList();
    }

    /// <summary>Every declaration filed, and no plan defaulted in the last 12 months (DOMAIN.md §9).</summary>
    public async Task<List<string>> IneligibilityAsync(AccountId account, CancellationToken ct)
    {
        var codes = new List<string>();
        var eligibility = await sender.Send(new GetAttestationEligibility(account.Value), ct);
        if (eligibility.Reasons.Any(r => r.Code == "declaration.missing")) codes.Add("payments.plan.declarations_missing");
        var since = clock.GetUtcNow().UtcDateTime.AddMonths(-Rules.DefaultLookbackMonths);
        if (await db.PaymentPlans.IgnoreAutoIncludes().AnyAsync(p => p.AccountId == account && p.Status == PlanStatus.Defaulted && p.UpdatedOnUtc >= since, ct))
            codes.Add("payments.plan.defaulted_recently");
        return codes;
    }

    public IReadOnlyList<(DateOnly DueDate, long Cents)> Schedule(long totalCents, int instalments, DateOnly? first = null) =>
        PlanSchedule.Compute(totalCents, instalments, first ?? clock.Today().AddDays(Rules.FirstInstalmentAfterDays));

    public bool ApprovedAtOnce(long totalCents, int instalments) =>
        totalCents <= (long)(Rules.AutoApproveMaxAmount * 100m) && instalments <= Rules.AutoApproveMaxInstalments;

    /// <summary>
    /// The plan is signed: each instalment becomes direct debits on the plan's mandate at its due date, spread over the covered
    /// debts earliest first, reserving them (they count as covered). Refused when the debts changed since the request.
    /// </summary>
    public async Task<Result> ActivateAsync(PaymentPlan plan, string? note, CancellationToken ct)
    {
        var mandate = await db.Mandates.SingleOrDefaultAsync(m => m.Id == plan.MandateId && m.Status == MandateStatus.Active, ct);
        if (mandate is null) return Error.Rule("payments.plan.mandate_inactive", "The plan's mandate is no longer active: sign a mandate and ask again.");
        var ids = plan.Debts.Select(d => d.ObligationId).ToList();
        var obligations = await db.Obligations.Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        if (plan.Debts.Any(d => obligations[d.ObligationId].PayableCents < d.Cents))
            return Error.Conflict("payments.plan.debts_changed", "Part of the covered debts was paid or changed since the request: ask for a new plan.");

        var now = clock.GetUtcNow().UtcDateTime;
        var queue = new Queue<(Obligation Obligation, long Left)>(plan.Debts.Select(d => (obligations[d.ObligationId], d.Cents)));
        foreach (var instalment in plan.Instalments.OrderBy(i => i.Number))
        {
            var left = instalment.AmountCents;
            var date = await CollectionDateAsync(instalment.DueDate, ct);
            while (left > 0)
            {
                var (obligation, remaining) = queue.Dequeue();
                var part = Math.Min(left, remaining);
                db.Payments.Add(Payment.Instalment(plan.AccountId, obligation, mandate, part, date, instalment.Id, now));
                obligation.Reserve(part, now);
                left -= part;
                if (remaining > part) queue = new Queue<(Obligation, long)>(new[] { (obligation, remaining - part) }.Concat(queue));
            }

            instalment.Presentations = 1;
        }

        plan.Approve(note, now);
        return Result.Success();
    }

    /// <summary>
    /// A plan instalment's debit came back: the first time it is presented once more after <c>RepresentationAfterDays</c> (the return
    /// notice is the reminder); the second time the plan defaults: the debits not yet sent are withdrawn and the rest is due at once.
    /// </summary>
    public async Task OnReturnedAsync(Payment returned, DateTime now, CancellationToken ct)
    {
        if (returned.PlanInstalmentId is not { } instalmentId) return;
        var instalment = await db.PlanInstalments.SingleAsync(i => i.Id == instalmentId, ct);
        var plan = await db.PaymentPlans.SingleAsync(p => p.Id == instalment.PlanId, ct);
        if (plan.Status != PlanStatus.Approved) return;
        var alreadyReturned = await db.Payments.AnyAsync(p => p.PlanInstalmentId == instalmentId && p.ObligationId == returned.ObligationId
                                                             && p.Status == PaymentStatus.Returned && p.Id != returned.Id, ct);
        if (!alreadyReturned)
        {
            var mandate = await db.Mandates.SingleOrDefaultAsync(m => m.Id == plan.MandateId && m.Status == MandateStatus.Active, ct);
            if (mandate is not null)
            {
                var obligation = await db.Obligations.SingleAsync(o => o.Id == returned.ObligationId, ct);
                var date = await CollectionDateAsync(clock.Today().AddDays(Rules.RepresentationAfterDays), ct);
                db.Payments.Add(Payment.Instalment(plan.AccountId, obligation, mandate, returned.AmountCents, date, instalmentId, now));
                obligation.Reserve(returned.AmountCents, now);
                instalment.Presentations = 2;
                db.AddIntegrationEvent(new PlanInstalmentReturned(Guid.CreateVersion7(), now, plan.Id, plan.AccountId.Value, instalment.Number,
                    returned.AmountCents, returned.ReturnReason ?? "UNKN", date)); // the one reminder before the second presentation
                return;
            }
        }

        // CSS R243-21: a plan not kept ends; what it covered is owed at once
        var instalmentIds = plan.Instalments.Select(i => i.Id).ToList();
        var pending = await db.Payments.Include(p => p.Collections)
            .Where(p => p.PlanInstalmentId != null && instalmentIds.Contains(p.PlanInstalmentId.Value) && p.Status == PaymentStatus.Scheduled).ToListAsync(ct);
        foreach (var payment in pending)
        {
            var obligation = await db.Obligations.SingleAsync(o => o.Id == payment.ObligationId, ct);
            obligation.Reverse(payment.AmountCents, wasCollected: false, now);
            foreach (var c in payment.Collections) c.MarkReturned("PLAN");
            payment.MarkCancelled(now);
        }

        plan.Default(returned.AmountCents + pending.Sum(p => p.AmountCents), now);
    }

    /// <summary>A plan whose instalment debits are all collected is completed.</summary>
    public async Task OnCollectedAsync(Payment collected, DateTime now, CancellationToken ct)
    {
        if (collected.PlanInstalmentId is not { } instalmentId) return;
        var planId = await db.PlanInstalments.Where(i => i.Id == instalmentId).Select(i => i.PlanId).SingleAsync(ct);
        var plan = await db.PaymentPlans.SingleAsync(p => p.Id == planId, ct);
        if (plan.Status != PlanStatus.Approved) return;
        var instalmentIds = plan.Instalments.Select(i => i.Id).ToList();
        var payments = await db.Payments.Where(p => p.PlanInstalmentId != null && instalmentIds.Contains(p.PlanInstalmentId.Value)).ToListAsync(ct);
        if (payments.All(p => p.Status is PaymentStatus.Paid or PaymentStatus.Returned))
            plan.Complete(now);
    }

    private async Task<DateOnly> CollectionDateAsync(DateOnly wanted, CancellationToken ct)
    {
        var tomorrow = clock.Today().AddDays(1);
        var date = TargetCalendar.NextBusinessDayFrom(wanted > tomorrow ? wanted : tomorrow);
        var produced = (await db.SepaBatches.Where(b => b.CollectionDate >= date).Select(b => b.CollectionDate).ToListAsync(ct)).ToHashSet();
        while (produced.Contains(date)) date = TargetCalendar.NextBusinessDayFrom(date.AddDays(1));
        return date;
    }

    public async Task<PlanResponse> ResponseAsync(PaymentPlan plan, CancellationToken ct)
    {
        var ids = plan.Debts.Select(d => d.ObligationId).ToList();
        var kinds = await db.Obligations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Kind, ct);
        var instalmentIds = plan.Instalments.Select(i => i.Id).ToList();
        var payments = await db.Payments.AsNoTracking().Where(p => p.PlanInstalmentId != null && instalmentIds.Contains(p.PlanInstalmentId.Value))
            .Select(p => new { p.PlanInstalmentId, p.Status }).ToListAsync(ct);
        return Response(plan, kinds, i =>
        {
            var own = payments.Where(p => p.PlanInstalmentId == i.Id).ToList();
            if (own.Count == 0) return "planned";
            if (own.Any(p => p.Status == PaymentStatus.Cancelled)) return "cancelled";
            var live = own.Where(p => p.Status != PaymentStatus.Returned).ToList();
            if (live.Count == 0) return "returned";
            return live.All(p => p.Status == PaymentStatus.Paid) ? "paid" : own.Count > live.Count ? "presented_again" : "scheduled";
        });
    }

    public static PlanResponse Response(PaymentPlan plan, IReadOnlyDictionary<Guid, ObligationKind> kinds, Func<PlanInstalment, string?> status) => new(
        plan.Id, PaymentNames.Of(plan.Status), plan.TotalCents / 100m, plan.Instalments.Count, plan.MandateId, plan.Reason,
        plan.Debts.Select(d => new PlanDebtLine(d.Period, kinds.TryGetValue(d.ObligationId, out var k) && k == ObligationKind.Penalty ? "penalty" : "declaration",
            d.Cents / 100m)).ToList(),
        plan.Instalments.OrderBy(i => i.Number).Select(i => new ScheduleLine(i.Number, i.DueDate, i.AmountCents / 100m, status(i))).ToList(),
        plan.RefusalCodes?.Split(',') ?? [], plan.DecisionNote, plan.CreatedOnUtc, plan.DecidedOnUtc);
}
