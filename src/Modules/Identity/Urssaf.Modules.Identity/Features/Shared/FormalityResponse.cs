using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Http.Idempotency;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Features.Shared;

/// <summary>The entrepreneur's identity as the operator may see it: the NIR masked.</summary>
internal sealed record EntrepreneurResponse(string Nir, string BirthName, string? UsageName, string FirstNames, DateOnly BirthDate);

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
