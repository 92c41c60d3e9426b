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
    string Address) : ICommand<Result<RecordFormalityResult>>;

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
    DateTime UpdatedAt)
{
    public static FormalityResponse From(Domain.Formality f) => new(f.Siret, f.LegalName, f.ApeCode, f.ActivityStartDate,
        f.ActivityNature, f.PrimaryCategory, f.Department, f.DeclarationFrequency, f.IncomeTaxWithholding, f.Acre, f.Address,
        f.ReceivedOnUtc, f.UpdatedOnUtc);
}
