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
    public string? EntrepreneurGender { get; private set; }
    public string? EntrepreneurBirthplace { get; private set; }
    public string? EntrepreneurBirthcountry { get; private set; }

    /// <summary>Who the entrepreneur is, as the formalities centre knows them; null for formalities received before it was sent.</summary>
    public EntrepreneurIdentity? Entrepreneur
    {
        get => EntrepreneurNirLookup is null ? null
            : new EntrepreneurIdentity(EntrepreneurNirLookup, EntrepreneurNirMasked!, EntrepreneurBirthName!, EntrepreneurUsageName,
                EntrepreneurFirstNames!, EntrepreneurBirthDate!.Value, EntrepreneurGender, EntrepreneurBirthplace, EntrepreneurBirthcountry);
        private set => (EntrepreneurNirLookup, EntrepreneurNirMasked, EntrepreneurBirthName, EntrepreneurUsageName, EntrepreneurFirstNames,
            EntrepreneurBirthDate, EntrepreneurGender, EntrepreneurBirthplace, EntrepreneurBirthcountry) = (value?.NirLookup, value?.NirMasked,
            value?.BirthName, value?.UsageName, value?.FirstNames, value?.BirthDate, value?.Gender, value?.Birthplace, value?.Birthcountry);
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
/// hash and a masked copy, the birth name, the usage name if any, the first names and the birth date; and, read from the
/// NIR when it is transmitted (<see cref="FromNir"/>), the sex and the place of birth in FranceConnect's terms (ADR 0070).
/// </summary>
internal sealed record EntrepreneurIdentity(string NirLookup, string NirMasked, string BirthName, string? UsageName, string FirstNames, DateOnly BirthDate,
    string? Gender = null, string? Birthplace = null, string? Birthcountry = null)
{
    /// <summary>
    /// What a valid NIR says of its holder, as FranceConnect's pivot writes it. Sex: 1st digit, 1 male, 2 female (others,
    /// e.g. 7/8 temporary numbers, say nothing). Place: digits 6–10 are the INSEE code of the birth commune; department
    /// 99 means born abroad and digits 8–10 the INSEE country code (FranceConnect: birthplace empty, birthcountry 99xxx;
    /// France is 99100). Décret 82-103 (RNIPP), INSEE COG.
    /// </summary>
    public static (string? Gender, string? Birthplace, string? Birthcountry) FromNir(string normalizedNir)
    {
        if (normalizedNir.Length < 10) return (null, null, null);
        var gender = normalizedNir[0] switch { '1' => "male", '2' => "female", _ => null };
        if (normalizedNir[0] is not ('1' or '2')) return (gender, null, null); // a temporary number's place digits are not a COG code
        return normalizedNir.Substring(5, 2) == "99"
            ? (gender, null, "99" + normalizedNir.Substring(7, 3))
            : (gender, normalizedNir.Substring(5, 5), "99100");
    }

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
