using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Declarations.Domain;

/// <summary>
/// One version of a declaration as it was filed or corrected: who (the account and its session), when, what (lines) and the
/// amounts. Written with every filing and correction, never changed: a correction adds a version, the earlier ones stay.
/// </summary>
internal sealed class DeclarationVersion
{
    private DeclarationVersion() { }

    public Guid Id { get; private set; }
    public Guid DeclarationId { get; private set; }
    public AccountId AccountId { get; private set; }
    public string Period { get; private set; } = "";
    public int Version { get; private set; }
    /// <summary><c>filed</c> or <c>corrected</c>.</summary>
    public string Kind { get; private set; } = "";
    public DateTime SubmittedOnUtc { get; private set; }
    /// <summary>The account whose token submitted it, and the session (login) it came from.</summary>
    public AccountId SubmittedBy { get; private set; }
    public Guid? SessionId { get; private set; }
    public List<DeclarationLine> Lines { get; private set; } = [];
    public long SocialContributionsCents { get; private set; }
    public long TrainingContributionCents { get; private set; }
    public long ChamberTaxCents { get; private set; }
    public long IncomeTaxCents { get; private set; }
    public long TotalCents { get; private set; }

    public static DeclarationVersion Of(Declaration d, string kind, AccountId submittedBy, Guid? sessionId, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(), DeclarationId = d.Id, AccountId = d.AccountId, Period = d.Period, Version = d.Version, Kind = kind,
        SubmittedOnUtc = now, SubmittedBy = submittedBy, SessionId = sessionId,
        Lines = [.. d.Lines.Select(l => new DeclarationLine
        {
            Category = l.Category, Turnover = l.Turnover, RatePerHundredThousand = l.RatePerHundredThousand, SocialContributionsCents = l.SocialContributionsCents, Part = l.Part,
        })],
        SocialContributionsCents = d.SocialContributionsCents, TrainingContributionCents = d.TrainingContributionCents, ChamberTaxCents = d.ChamberTaxCents,
        IncomeTaxCents = d.IncomeTaxCents, TotalCents = d.TotalCents,
    };
}
