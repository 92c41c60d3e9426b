using Urssaf.SharedKernel.Enterprise;

namespace Urssaf.Modules.Identity.Domain;

/// <summary>What the business-formalities centre (CFE / guichet unique) transmitted for one SIRET.</summary>
internal sealed class Formality
{
    private Formality() { }

    public string Siret { get; private set; } = "";
    public string LegalName { get; private set; } = "";
    public string ApeCode { get; private set; } = "";
    public DateOnly ActivityStartDate { get; private set; }
    public ActivityNature ActivityNature { get; private set; }
    public ActivityCategory PrimaryCategory { get; private set; }
    public string Department { get; private set; } = "";
    public DeclarationFrequency DeclarationFrequency { get; private set; }
    public bool IncomeTaxWithholding { get; private set; }
    public bool Acre { get; private set; }
    public string Address { get; private set; } = "";
    public DateTime ReceivedOnUtc { get; private set; }
    public DateTime UpdatedOnUtc { get; private set; }
    public int Version { get; private set; }

    // the entrepreneur's identity, flat (null for formalities received before the feed sent it)
    public string? EntrepreneurNirLookup { get; private set; }
    public string? EntrepreneurNirMasked { get; private set; }
    public string? EntrepreneurBirthName { get; private set; }
    public string? EntrepreneurUsageName { get; private set; }
    public string? EntrepreneurFirstNames { get; private set; }
    public DateOnly? EntrepreneurBirthDate { get; private set; }

    /// <summary>Who the entrepreneur is, as the formalities centre knows them; null for formalities received before it was sent.</summary>
    public EntrepreneurIdentity? Entrepreneur
    {
        get => EntrepreneurNirLookup is null ? null
            : new EntrepreneurIdentity(EntrepreneurNirLookup, EntrepreneurNirMasked!, EntrepreneurBirthName!, EntrepreneurUsageName,
                EntrepreneurFirstNames!, EntrepreneurBirthDate!.Value);
        private set => (EntrepreneurNirLookup, EntrepreneurNirMasked, EntrepreneurBirthName, EntrepreneurUsageName, EntrepreneurFirstNames,
            EntrepreneurBirthDate) = (value?.NirLookup, value?.NirMasked, value?.BirthName, value?.UsageName, value?.FirstNames, value?.BirthDate);
    }

    public static Formality Create(FormalityData data, EntrepreneurIdentity entrepreneur, DateTime now)
    {
        var formality = new Formality { Siret = data.Siret, ReceivedOnUtc = now, Entrepreneur = entrepreneur };
        formality.Apply(data, now);
        return formality;
    }

    /// <summary>
    /// Applies a new transmission (the identity is kept when the transmission has none); returns which parts
    /// changed: the enterprise profile (published to the other modules) and the entrepreneur's identity (Identity's alone).
    /// </summary>
    public (bool Profile, bool Identity) Update(FormalityData data, EntrepreneurIdentity? entrepreneur, DateTime now)
    {
        var identity = entrepreneur is not null && entrepreneur != Entrepreneur;
        if (identity)
        {
            Entrepreneur = entrepreneur;
            UpdatedOnUtc = now;
        }

        if (data == ToData()) return (false, identity);
        Apply(data, now);
        return (true, identity);
    }

    public FormalityData ToData() => new(Siret, LegalName, ApeCode, ActivityStartDate, ActivityNature, PrimaryCategory,
        Department, DeclarationFrequency, IncomeTaxWithholding, Acre, Address);

    private void Apply(FormalityData data, DateTime now)
    {
        (LegalName, ApeCode, ActivityStartDate, ActivityNature, PrimaryCategory, Department, DeclarationFrequency, IncomeTaxWithholding, Acre, Address) =
            (data.LegalName, data.ApeCode, data.ActivityStartDate, data.ActivityNature, data.PrimaryCategory, data.Department,
             data.DeclarationFrequency, data.IncomeTaxWithholding, data.Acre, data.Address);
        UpdatedOnUtc = now;
        Version++;
    }
}

internal sealed record FormalityData(
    string Siret,
    string LegalName,
    string ApeCode,
    DateOnly ActivityStartDate,
    ActivityNature ActivityNature,
    ActivityCategory PrimaryCategory,
    string Department,
    DeclarationFrequency DeclarationFrequency,
    bool IncomeTaxWithholding,
    bool Acre,
    string Address);

/// <summary>
/// The entrepreneur as the formalities centre identified them (API.md, operator formalities): the NIR only as a keyed
/// hash and a masked copy, the birth name, the usage name if any, the first names and the birth date.
/// </summary>
internal sealed record EntrepreneurIdentity(string NirLookup, string NirMasked, string BirthName, string? UsageName, string FirstNames, DateOnly BirthDate)
{
    /// <summary>
    /// Does a registration's last name designate this person? The birth name or the usage name, ignoring case,
    /// accents, hyphens, apostrophes and repeated spaces ("Lefèvre-Durand" = "LEFEVRE DURAND").
    /// </summary>
    public bool IsNamed(string lastName)
    {
        var given = NameKey(lastName);
        return given.Length > 0 && (given == NameKey(BirthName) || (UsageName is { } usage && given == NameKey(usage)));
    }

    public static string NameKey(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length);
        foreach (var c in name.Trim().Normalize(System.Text.NormalizationForm.FormD))
        {
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark) continue;
            var mapped = c is '-' or '\'' or '’' or '\u00A0' || char.IsWhiteSpace(c) ? ' ' : char.ToUpperInvariant(c);
            if (mapped == ' ' && (builder.Length == 0 || builder[^1] == ' ')) continue;
            builder.Append(mapped switch { 'Œ' => "OE", 'Æ' => "AE", 'ß' => "SS", _ => mapped.ToString() });
        }

        return builder.ToString().TrimEnd();
    }
}
