using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Declarations.Contracts.IntegrationEvents;
using Mediator;
using Urssaf.Modules.Payments.Contracts.IntegrationEvents;
using Urssaf.Modules.Payments.Contracts.Queries;
using Urssaf.Modules.Payments.Domain;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Time;
using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Payments.Features.TrackObligations;

/// <summary>
/// A filed declaration is an amount owed by its due date (CSS R613-8: paid with the declaration); a correction
/// before the due date replaces the amount, what was already paid stays paid. Either event may arrive first:
/// the newer declaration version wins.
/// </summary>
internal sealed class DeclarationObligationHandler(PaymentsDbContext db, TimeProvider clock, AutomaticDebit automatic)
    : IIntegrationEventHandler<DeclarationFiled>, IIntegrationEventHandler<DeclarationCorrected>
{
    public Task Handle(DeclarationFiled e, CancellationToken ct) =>
        ApplyAsync(e.AccountId, e.DeclarationId, e.Period, e.TotalCents, e.DueDate, e.Version, e.AutomaticDebit?.CollectionDate, ct);

    public Task Handle(DeclarationCorrected e, CancellationToken ct) =>
        ApplyAsync(e.AccountId, e.DeclarationId, e.Period, e.TotalCents, e.DueDate, e.Version, null, ct);

    private async Task ApplyAsync(Guid accountId, Guid declarationId, string period, long totalCents, DateOnly dueDate, int version, DateOnly? announced,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var existing = await db.Obligations.SingleOrDefaultAsync(o => o.Kind == ObligationKind.Declaration && o.SourceId == declarationId, ct);
        if (existing is null)
        {
            var obligation = Obligation.ForDeclaration(new AccountId(accountId), declarationId, period, totalCents, dueDate, version, now);
            db.Obligations.Add(obligation);
            await automatic.ScheduleAsync(obligation, announced, ct);
        }
        else
        {
            existing.Adjust(totalCents, version, now);
        }
    }
}

/// <summary>
/// Automatic debit (issue 20): a new declaration obligation of an account with an automatic mandate is debited in full at its
/// due date (or the next possible collection date), as if a payment order had been given with the declaration (R613-8), and the
/// entrepreneur is told the amount, date and mandate: the SEPA pre-notification.
/// </summary>
internal sealed class AutomaticDebit(PaymentsDbContext db, TimeProvider clock)
{
    /// <summary>What <see cref="ScheduleAsync"/> would do for a declaration filed now: the pre-notification given with the filing answer.</summary>
    public async Task<AutomaticDebitNotice> NoticeAsync(GetAutomaticDebitNotice query, CancellationToken cancellationToken)
    {
        var account = new AccountId(query.AccountId);
        var mandate = await db.Mandates.AsNoTracking()
            .SingleOrDefaultAsync(m => m.AccountId == account && m.Automatic && m.Status == MandateStatus.Active, cancellationToken);
        if (mandate is null || query.AmountCents <= 0) return AutomaticDebitNotice.None;
        return new AutomaticDebitNotice(true, await CollectionDateAsync(query.DueDate, null, cancellationToken), query.AmountCents, mandate.Id, mandate.Rum,
            mandate.MaskedIban);
    }

    /// <summary>
    /// The due date, or tomorrow at the earliest, on a TARGET business day whose pain.008 is not produced yet. The date announced with
    /// the filing is kept while it is still possible, so the debit falls on the day the entrepreneur was told (SEPA pre-notification).
    /// </summary>
    private async Task<DateOnly> CollectionDateAsync(DateOnly dueDate, DateOnly? announced, CancellationToken ct)
    {
        var tomorrow = clock.Today().AddDays(1);
        var date = announced is { } told && told >= tomorrow && TargetCalendar.NextBusinessDayFrom(told) == told
            ? told
            : TargetCalendar.NextBusinessDayFrom(dueDate > tomorrow ? dueDate : tomorrow);
        var produced = (await db.SepaBatches.Where(b => b.CollectionDate >= date).Select(b => b.CollectionDate).ToListAsync(ct)).ToHashSet();
        while (produced.Contains(date)) date = TargetCalendar.NextBusinessDayFrom(date.AddDays(1));
        return date;
    }

    public async Task ScheduleAsync(Obligation obligation, DateOnly? announced, CancellationToken ct)
    {
        if (obligation.PayableCents <= 0) return;
        var mandate = await db.Mandates.SingleOrDefaultAsync(m => m.AccountId == obligation.AccountId && m.Automatic && m.Status == MandateStatus.Active, ct);
        if (mandate is null) return;
        var now = clock.GetUtcNow().UtcDateTime;
        var date = await CollectionDateAsync(obligation.DueDate, announced, ct);
        var cents = obligation.PayableCents;
        var payment = Payment.DirectDebit(obligation.AccountId, obligation, [(mandate, cents)], date, now);
        db.Payments.Add(payment);
        obligation.Reserve(cents, now);
        db.AddIntegrationEvent(new AutomaticDebitScheduled(Guid.CreateVersion7(), now, payment.Id, obligation.AccountId.Value, obligation.Period, cents, date,
            mandate.Rum, mandate.MaskedIban));
    }
}

/// <summary>Declarations' question at filing (ADR 0095): would this declaration be debited automatically, when and from which mandate?</summary>
internal sealed class AutomaticDebitNoticeHandler(AutomaticDebit automatic) : IQueryHandler<GetAutomaticDebitNotice, AutomaticDebitNotice>
{
    public async ValueTask<AutomaticDebitNotice> Handle(GetAutomaticDebitNotice query, CancellationToken cancellationToken) =>
        await automatic.NoticeAsync(query, cancellationToken);
}
