using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Declarations.Domain;

/// <summary>A filed turnover declaration (déclaration de chiffre d'affaires) and its computed amounts.</summary>
internal sealed class Declaration
{
    private Declaration() { }

    public Guid Id { get; private set; }
    public AccountId AccountId { get; private set; }
    public string Siret { get; private set; } = "";
    public string Period { get; private set; } = "";
    public DateOnly PeriodStart { get; private set; }
    public DateOnly PeriodEnd { get; private set; }
    public DateOnly DueDate { get; private set; }
    public DateTime DeadlineUtc { get; private set; }
    public DateTime SubmittedOnUtc { get; private set; }
    public DateTime? CorrectedOnUtc { get; private set; }
    public bool FiledLate { get; private set; }
    public int Version { get; private set; }
    public List<DeclarationLine> Lines { get; private set; } = [];
    public long SocialContributionsCents { get; private set; }
    public long TrainingContributionCents { get; private set; }
    public long ChamberTaxCents { get; private set; }
    public long IncomeTaxCents { get; private set; }
    public long TotalCents { get; private set; }

    public string ETag => $"\"{Version}\"";

    public static Declaration File(AccountId account, string siret, CalendarEntry entry, DateTime deadlineUtc,
        ReadOnlySpan<ComputedLine> lines, ContributionTotals totals, DateTime now)
    {
        var declaration = new Declaration
        {
            Id = Guid.CreateVersion7(),
            AccountId = account,
            Siret = siret,
            Period = entry.Period.ToString(),
            PeriodStart = entry.Start,
            PeriodEnd = entry.End,
            DueDate = entry.DueDate,
            DeadlineUtc = deadlineUtc,
            SubmittedOnUtc = now,
            FiledLate = now > deadlineUtc,
        };
        declaration.Apply(lines, totals);
        return declaration;
    }

    /// <summary>True when the lines are the ones already declared (a repeated PUT changes nothing).</summary>
    public bool Declares(ReadOnlySpan<ComputedLine> lines)
    {
        if (lines.Length != Lines.Count) return false;
        foreach (var line in lines)
            if (!Lines.Any(l => l.Category == line.Category && l.Turnover == line.Turnover && l.Part == line.Part?.ToString())) return false;
        return true;
    }

    /// <summary>A correction replaces the lines and amounts; only allowed until the deadline (checked by the caller).</summary>
    public void Correct(ReadOnlySpan<ComputedLine> lines, ContributionTotals totals, DateTime now)
    {
        Apply(lines, totals);
        CorrectedOnUtc = now;
    }

    private void Apply(ReadOnlySpan<ComputedLine> lines, ContributionTotals totals)
    {
        var copy = new List<DeclarationLine>(lines.Length);
        foreach (var l in lines)
            copy.Add(new DeclarationLine
            {
                Category = l.Category, Turnover = l.Turnover, RatePerHundredThousand = l.Rate.PerHundredThousand, SocialContributionsCents = l.SocialContributionsCents,
                Part = l.Part?.ToString(),
            });
        Lines = copy;
        SocialContributionsCents = totals.SocialContributionsCents;
        TrainingContributionCents = totals.TrainingContributionCents;
        ChamberTaxCents = totals.ChamberTaxCents;
        IncomeTaxCents = totals.IncomeTaxCents;
        TotalCents = totals.TotalCents;
        Version++;
    }
}

internal sealed class DeclarationLine
{
    public ActivityCategory Category { get; set; }
    public long Turnover { get; set; }
    public int RatePerHundredThousand { get; set; }
    public long SocialContributionsCents { get; set; }
    /// <summary>The month or quarter of this turnover when a first declaration spans a change of rates (ADR 30); null otherwise.</summary>
    public string? Part { get; set; }
}
