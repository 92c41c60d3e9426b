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

    public static Formality Create(FormalityData data, DateTime now)
    {
        var formality = new Formality { Siret = data.Siret, ReceivedOnUtc = now };
        formality.Apply(data, now);
        return formality;
    }

    /// <summary>Applies a new transmission; returns false when nothing changed (a repeated transmission).</summary>
    public bool Update(FormalityData data, DateTime now)
    {
        if (data == ToData()) return false;
        Apply(data, now);
        return true;
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
