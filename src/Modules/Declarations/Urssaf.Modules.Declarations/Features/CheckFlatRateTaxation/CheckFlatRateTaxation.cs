using Mediator;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Declarations.Contracts.Queries;
using Urssaf.Modules.Declarations.Domain;
using Urssaf.Modules.Declarations.Domain.Rates;
using Urssaf.Modules.Declarations.Persistence;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Declarations.Features.CheckFlatRateTaxation;

/// <summary>
/// CSS R613-10 for one missing declaration: the flat-rate turnover (<see cref="Domain.FlatRateTaxation"/>) in the enterprise's main
/// category, at the rates in force on the period's first day. "Cotisations et contributions": social contributions and CFP; neither
/// the chamber tax nor the versement libératoire (a tax, not a contribution) is taxed on a flat rate (ADR 34).
/// </summary>
internal sealed class GetFlatRateTaxationHandler(DeclarationsDbContext db, RateTable rates) : IQueryHandler<GetFlatRateTaxation, FlatRateTaxationAmount?>
{
    public async ValueTask<FlatRateTaxationAmount?> Handle(GetFlatRateTaxation query, CancellationToken cancellationToken)
    {
        var account = new AccountId(query.AccountId);
        var enterprise = await db.Enterprises.AsNoTracking().FirstOrDefaultAsync(e => e.AccountId == account, cancellationToken);
        if (enterprise is null || !enterprise.HasProfile || !DeclarationPeriod.TryParse(query.Period, out var period) || !enterprise.Declares(period)) return null;
        if (Domain.FlatRateTaxation.TurnoverEuros(enterprise.PrimaryCategory, period.Year, period.Frequency == DeclarationFrequency.Quarterly, query.MissingInYear)
            is not { } turnover) return null;
        Span<ComputedLine> output = stackalloc ComputedLine[1];
        var totals = ContributionCalculator.Compute([new TurnoverLine(enterprise.PrimaryCategory, turnover)], enterprise.Terms, period.Start, rates, output);
        return new FlatRateTaxationAmount(turnover, totals.SocialContributionsCents + totals.TrainingContributionCents);
    }
}
