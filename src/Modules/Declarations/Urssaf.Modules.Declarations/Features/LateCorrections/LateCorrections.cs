using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Urssaf.Modules.Declarations.Contracts.IntegrationEvents;
using Urssaf.Modules.Declarations.Contracts.Queries;
using Urssaf.Modules.Declarations.Domain;
using Urssaf.Modules.Declarations.Domain.Rates;
using Urssaf.Modules.Declarations.Persistence;
using Urssaf.Modules.Notifications.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Declarations.Features.LateCorrections;

internal sealed class GetDeclarationDeadlineHandler(DeclarationsDbContext db) : IQueryHandler<GetDeclarationDeadline, DateTime?>
{
    public async ValueTask<DateTime?> Handle(GetDeclarationDeadline query, CancellationToken cancellationToken)
    {
        var account = new AccountId(query.AccountId);
        return await db.Declarations.AsNoTracking().Where(d => d.AccountId == account && d.Period == query.Period)
            .Select(d => (DateTime?)d.DeadlineUtc).SingleOrDefaultAsync(cancellationToken);
    }
}

/// <summary>
/// A correction after the due date, accepted by an adviser: the declaration takes the new lines, the history keeps a
/// "late_correction" version, and <see cref="DeclarationCorrected"/> carries the difference to Payments and Compliance
/// as for any correction (the contributions stay due at the original due date, so late-payment majorations run from
/// it: CSS R243-16). Rates are those of the period (CSS L613-7), as at filing.
/// </summary>
internal sealed class LateCorrectionAcceptedHandler(DeclarationsDbContext db, DeclarationCalendar calendar, RateTable rates, TimeProvider clock,
    ILogger<LateCorrectionAcceptedHandler> logger) : SharedKernel.Messaging.IIntegrationEventHandler<LateCorrectionAccepted>
{
    public async Task Handle(LateCorrectionAccepted e, CancellationToken cancellationToken)
    {
        var account = new AccountId(e.AccountId);
        var declaration = await db.Declarations.SingleOrDefaultAsync(d => d.AccountId == account && d.Period == e.Period, cancellationToken);
        var enterprise = await db.Enterprises.AsNoTracking().SingleOrDefaultAsync(x => x.AccountId == account, cancellationToken);
        if (declaration is null || enterprise is null)
        {
            logger.LogWarning("Late correction {RequestId} names a period with no filed declaration; nothing recorded.", e.RequestId);
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var period = DeclarationPeriod.Parse(e.Period);
        var earlier = await DeclarationDraft.AcreCandidates(db.Declarations.AsNoTracking(), account, enterprise, period).ToListAsync(cancellationToken);
        var prepared = DeclarationDraft.Prepare(enterprise, period,
            [.. e.Lines.Select(l => new PartLine(new TurnoverLine(l.Category, l.Turnover), null))], calendar, rates, isDeclared: true, now,
            DeclarationDraft.AcreBefore(enterprise, period, earlier, rates));
        if (!prepared.IsSuccess)
        {
            logger.LogWarning("Late correction {RequestId} refused by the declaration rules: {Code}.", e.RequestId, prepared.Error!.Code);
            return;
        }

        if (declaration.Declares(prepared.Value.Lines)) return; // already these lines: nothing to record
        var previousTotal = declaration.TotalCents;
        declaration.Correct(prepared.Value.Lines, prepared.Value.Totals, now);
        db.DeclarationVersions.Add(DeclarationVersion.Of(declaration, "late_correction", account, null, now));
        db.AddIntegrationEvent(new DeclarationCorrected(Guid.CreateVersion7(), now, declaration.Id, declaration.AccountId.Value, declaration.Siret,
            declaration.Period, declaration.PeriodStart, declaration.PeriodEnd, declaration.DueDate, declaration.DeadlineUtc, now,
            declaration.Version, [.. declaration.Lines.Select(l => new DeclaredLine(l.Category, l.Turnover, new Rate(l.RatePerHundredThousand).Percent,
                l.SocialContributionsCents, l.Part))],
            declaration.SocialContributionsCents, declaration.TrainingContributionCents, declaration.ChamberTaxCents, declaration.IncomeTaxCents,
            declaration.TotalCents, previousTotal));
    }
}

/// <summary>The rate changes of the rate data in a window, for the regulatory watch (Notifications announces them in advance).</summary>
internal sealed class GetUpcomingRateChangesHandler(RateTable rates) : IQueryHandler<GetUpcomingRateChanges, IReadOnlyList<RateChange>>
{
    public ValueTask<IReadOnlyList<RateChange>> Handle(GetUpcomingRateChanges query, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<RateChange>>([.. rates.SocialRateChanges().Where(c => c.From > query.After && c.From <= query.Until)
            .Select(c => new RateChange(c.Category, c.From, c.Previous.Percent, c.Next.Percent, c.Source))]);
}
