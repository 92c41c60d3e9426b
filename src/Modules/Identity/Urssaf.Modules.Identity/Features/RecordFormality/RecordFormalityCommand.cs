using Mediator;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Features.RecordFormality;

/// <summary>Stores what the formalities centre transmits for a SIRET; idempotent on the SIRET.</summary>
internal sealed record RecordFormalityCommand(
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
    string Address,
    EntrepreneurRequest? Entrepreneur) : ICommand<Result<RecordFormalityResult>>;

/// <summary>Who the entrepreneur is, as the formalities centre knows them (required for a new SIRET).</summary>
internal sealed record EntrepreneurRequest(string Nir, string BirthName, string? UsageName, string FirstNames, DateOnly BirthDate);

/// <summary>The entrepreneur's identity as the operator may see it: the NIR masked.</summary>
internal sealed record EntrepreneurResponse(string Nir, string BirthName, string? UsageName, string FirstNames, DateOnly BirthDate);

internal sealed record RecordFormalityResult(bool Created, FormalityResponse Formality);

internal sealed record FormalityResponse(
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
    string Address,
    DateTime ReceivedAt,
    DateTime UpdatedAt,
    EntrepreneurResponse? Entrepreneur)
{
    public static FormalityResponse From(Domain.Formality f) => new(f.Siret, f.LegalName, f.ApeCode, f.ActivityStartDate,
        f.ActivityNature, f.PrimaryCategory, f.Department, f.DeclarationFrequency, f.IncomeTaxWithholding, f.Acre, f.Address,
        f.ReceivedOnUtc, f.UpdatedOnUtc, f.Entrepreneur is { } e
            ? new EntrepreneurResponse(e.NirMasked, e.BirthName, e.UsageName, e.FirstNames, e.BirthDate)
            : null);
}
