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
    public DeclarationFrequency DeclarationFrequency { get; set; }
    public bool IncomeTaxWithholding { get; set; }
    public bool Acre { get; set; }
    public DateTime UpdatedOnUtc { get; set; }

    /// <summary>The last period announced as open (see AnnouncePeriods), and the day the next one will have ended.</summary>
    public string? LastAnnouncedPeriod { get; set; }

    public DateOnly? NextAnnouncementOn { get; set; }

    /// <summary>False while only the account link is known (the profile event has not been handled yet).</summary>
    public bool HasProfile => ActivityStartDate != default;

    public Domain.EnterpriseTerms Terms => new(ActivityStartDate, ActivityNature, Department, IncomeTaxWithholding, Acre);
}
