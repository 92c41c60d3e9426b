using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Declarations.Domain;

/// <summary>
/// Declarations' own copy of an enterprise's profile, kept from Identity's events: what the calendar and
/// the computation need (start date, periodicity, category, nature, department, options).
/// </summary>
internal sealed class Enterprise
{
    public string Siret { get; set; } = "";
    public AccountId? AccountId { get; set; }
    public DateOnly ActivityStartDate { get; set; }
    public ActivityNature ActivityNature { get; set; }
    public ActivityCategory PrimaryCategory { get; set; }
    public string Department { get; set; } = "";
    /// <summary>The frequency the formalities feed last gave (requested); <see cref="FrequencyIn"/> says which applies in a year.</summary>
    public DeclarationFrequency DeclarationFrequency { get; set; }

    /// <summary>The frequency of each civil year (CSS R613-7 I), see <see cref="Domain.FrequencyHistory"/>.</summary>
    public string? FrequencyHistory { get; set; }
    public bool IncomeTaxWithholding { get; set; }
    public bool Acre { get; set; }
    public DateTime UpdatedOnUtc { get; set; }

    /// <summary>The last period announced as open (see AnnouncePeriods), and the day the next one will have ended.</summary>
    public string? LastAnnouncedPeriod { get; set; }

    public DateOnly? NextAnnouncementOn { get; set; }

    /// <summary>False while only the account link is known (the profile event has not been handled yet).</summary>
    public bool HasProfile => ActivityStartDate != default;

    public DeclarationFrequency FrequencyIn(int year) => Domain.FrequencyHistory.In(FrequencyHistory, year, DeclarationFrequency);

    /// <summary>The first declaration, in the frequency of the year it ends in.</summary>
    public DeclarationPeriod FirstPeriod => DeclarationCalendar.FirstPeriod(ActivityStartDate, FrequencyIn(ActivityStartDate.AddDays(90).Year));

    /// <summary>The period after <paramref name="period"/>: the next of its year, or the first of the next year in that year's frequency.</summary>
    public DeclarationPeriod NextPeriod(DeclarationPeriod period)
    {
        var next = period.Next();
        return next.Year == period.Year ? next : DeclarationPeriod.Containing(new DateOnly(period.Year + 1, 1, 1), FrequencyIn(period.Year + 1));
    }

    /// <summary>Whether the period is one of this enterprise's periods (its year's frequency).</summary>
    public bool Declares(DeclarationPeriod period) => period.Frequency == FrequencyIn(period.Year);

    /// <summary>
    /// A frequency from the formalities feed: kept per year, never rewriting the past (R613-7 I). A year in which a period was already
    /// announced (<see cref="LastAnnouncedPeriod"/>) or filed (<paramref name="lastFiledYear"/>) keeps its frequency, even when the
    /// request was raised in time but handled later: its periods must stay fileable.
    /// </summary>
    public void RequestFrequency(DeclarationFrequency requested, DateOnly requestedOn, int? lastFiledYear = null)
    {
        var lastAnnouncedYear = DeclarationPeriod.TryParse(LastAnnouncedPeriod, out var last) ? last.Year : (int?)null;
        var started = Math.Max(lastAnnouncedYear ?? int.MinValue, lastFiledYear ?? int.MinValue);
        FrequencyHistory = Domain.FrequencyHistory.Request(FrequencyHistory, DeclarationFrequency, ActivityStartDate, requested, requestedOn,
            notBefore: started == int.MinValue ? null : started + 1);
        DeclarationFrequency = requested;
    }

    /// <summary>The frequency chosen at creation applies from the activity start.</summary>
    public void StartWith(DeclarationFrequency frequency)
    {
        FrequencyHistory = Domain.FrequencyHistory.Format(new() { [ActivityStartDate.Year] = frequency });
        DeclarationFrequency = frequency;
    }

    public Domain.EnterpriseTerms Terms => new(ActivityStartDate, ActivityNature, Department, IncomeTaxWithholding, Acre);
}
