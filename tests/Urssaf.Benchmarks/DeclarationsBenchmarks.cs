using BenchmarkDotNet.Attributes;
using Urssaf.Modules.Declarations.Domain;
using Urssaf.Modules.Declarations.Domain.Rates;
using Urssaf.SharedKernel.Enterprise;

namespace Urssaf.Benchmarks;

/// <summary>The contribution computation and the calendar: target well under a microsecond per declaration.</summary>
[MemoryDiagnoser]
public class DeclarationsBenchmarks
{
    private readonly RateTable _rates = RateTable.Official;
    private readonly TurnoverLine[] _single = [new(ActivityCategory.LiberalBnc, 10_000)];
    private readonly TurnoverLine[] _mixed = [new(ActivityCategory.Sales, 5_000), new(ActivityCategory.ServicesBic, 2_000)];
    private readonly ComputedLine[] _output = new ComputedLine[2];
    private readonly EnterpriseTerms _liberal = new(new DateOnly(2020, 1, 1), ActivityNature.Liberal, "75", false, false);
    private readonly EnterpriseTerms _artisanAcreMoselleVl = new(new DateOnly(2026, 1, 10), ActivityNature.Artisanal, "57", true, true);
    private readonly DeclarationCalendar _calendar = new(new CalendarOptions());
    private readonly DateOnly _day = new(2026, 4, 1);

    [Benchmark(Baseline = true)]
    public long Compute_one_liberal_line() =>
        ContributionCalculator.Compute(_single, _liberal, _day, _rates, _output).TotalCents;

    [Benchmark]
    public long Compute_mixed_artisan_with_ACRE_VL_in_Moselle() =>
        ContributionCalculator.Compute(_mixed, _artisanAcreMoselleVl, _day, _rates, _output).TotalCents;

    [Benchmark]
    public DateTime Calendar_first_period_and_deadline()
    {
        var first = DeclarationCalendar.FirstPeriod(new DateOnly(2024, 3, 6), DeclarationFrequency.Monthly);
        return _calendar.DeadlineUtc(first);
    }

    [Benchmark]
    public bool Parse_a_period() => DeclarationPeriod.TryParse("2026-Q1", out _);
}
