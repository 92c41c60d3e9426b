using Urssaf.Modules.Declarations.Domain;
using Urssaf.Modules.Declarations.Domain.Rates;
using Urssaf.SharedKernel.Enterprise;
using static Urssaf.SharedKernel.Enterprise.ActivityCategory;

namespace Urssaf.Modules.Declarations.Tests.Unit;

/// <summary>
/// Issue 16 item 4, CSS L613-7 I (the rate applies to the turnover of the month or quarter) and D613-4 / DOMAIN.md §1.1: BNC 21.1 %
/// until 30 June 2024, 23.1 % from 1 July 2024. Activity from 2024-04-12, quarterly: the first declaration is 2024-Q3, covering
/// 12 April → 30 September; April–June turnover at 21.1 %, July–September at 23.1 %.
/// </summary>
public sealed class RateChangeSplitTests
{
    private static readonly EnterpriseTerms Bnc = new(new DateOnly(2024, 4, 12), ActivityNature.Liberal, "75", false, false);

    [Fact]
    public void L613_7_each_quarter_of_a_first_declaration_bears_its_own_rates()
    {
        // 9,000 € in Q2 at 21.1 % = 1,899 €; 9,000 € in Q3 at 23.1 % = 2,079 € (DOMAIN.md §2 rows); CFP 0.2 % of 18,000 € = 36 €.
        // Everything at the old rate (the bug) would be 18,000 × 21.1 % = 3,798 €.
        TurnoverPart[] parts =
        [
            new(new DeclarationPeriod(DeclarationFrequency.Quarterly, 2024, 2), new DateOnly(2024, 4, 12), new TurnoverLine(LiberalBnc, 9_000)),
            new(new DeclarationPeriod(DeclarationFrequency.Quarterly, 2024, 3), new DateOnly(2024, 7, 1), new TurnoverLine(LiberalBnc, 9_000)),
        ];
        var lines = new ComputedLine[2];
        var totals = ContributionCalculator.ComputeParts(parts, Bnc, RateTable.Official, lines);

        Assert.Equal((21.1m, 189_900L), (lines[0].Rate.Percent, lines[0].SocialContributionsCents));
        Assert.Equal((23.1m, 207_900L), (lines[1].Rate.Percent, lines[1].SocialContributionsCents));
        Assert.Equal((397_800L, 3_600L, 401_400L), (totals.SocialContributionsCents, totals.TrainingContributionCents, totals.TotalCents));
    }

    [Fact]
    public void A_first_declaration_spanning_1_July_2024_needs_the_split_and_one_within_a_rate_does_not()
    {
        Assert.True(ContributionCalculator.RatesDiffer(LiberalBnc, Bnc, new DateOnly(2024, 4, 12), new DateOnly(2024, 7, 1), RateTable.Official));
        Assert.False(ContributionCalculator.RatesDiffer(Sales, Bnc with { Nature = ActivityNature.Commercial }, new DateOnly(2024, 4, 12),
            new DateOnly(2024, 7, 1), RateTable.Official)); // sales stayed at 12.3 %
        Assert.Equal(["2024-Q2", "2024-Q3"], DeclarationDraft.Parts(new DateOnly(2024, 4, 12),
            new DeclarationPeriod(DeclarationFrequency.Quarterly, 2024, 3)).Select(p => p.ToString()));
    }
}
