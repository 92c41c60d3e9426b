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
using Urssaf.Modules.Identity.Features.Shared;

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

internal sealed record RecordFormalityResult(bool Created, FormalityResponse Formality);

internal sealed class RecordFormalityValidator : AbstractValidator<RecordFormalityCommand>
{
    public RecordFormalityValidator()
    {
        RuleFor(c => c.Siret).Must(Identifiers.IsValidSiret)
            .WithErrorCode("identity.siret.invalid").WithMessage("The SIRET must be 14 digits with a valid check digit.");
        RuleFor(c => c.LegalName).NotEmpty().MaximumLength(200).WithErrorCode("identity.legal_name.invalid");
        RuleFor(c => c.ApeCode).Must(a => Identifiers.NormalizeApe(a) is not null)
            .WithErrorCode("identity.ape_code.invalid").WithMessage("The APE code is 4 digits and a letter, e.g. 6201Z.");
        RuleFor(c => c.ActivityStartDate).InclusiveBetween(new DateOnly(1970, 1, 1), new DateOnly(2100, 12, 31))
            .WithErrorCode("identity.activity_start_date.invalid");
        RuleFor(c => c.ActivityNature).IsInEnum().WithErrorCode("identity.activity_nature.invalid");
        RuleFor(c => c.PrimaryCategory).IsInEnum().WithErrorCode("identity.primary_category.invalid")
            .Must((c, category) => IsCoherent(c.ActivityNature, category))
            .WithErrorCode("identity.primary_category.incoherent")
            .WithMessage("A liberal activity declares liberal_bnc or liberal_cipav; a commercial or artisanal one does not.");
        RuleFor(c => c.Department).Must(Identifiers.IsValidDepartment)
            .WithErrorCode("identity.department.invalid").WithMessage("The department is an INSEE code: 01–95, 2A, 2B or 971–976.");
        RuleFor(c => c.DeclarationFrequency).IsInEnum().WithErrorCode("identity.declaration_frequency.invalid");
        RuleFor(c => c.Address).NotEmpty().MaximumLength(300).WithErrorCode("identity.address.invalid");
        When(c => c.Entrepreneur is not null, () =>
        {
            RuleFor(c => c.Entrepreneur!.Nir).Must(Identifiers.IsValidNir).OverridePropertyName("entrepreneur.nir")
                .WithErrorCode("identity.nir.invalid").WithMessage("The social security number must be 15 characters with a valid key.");
            RuleFor(c => c.Entrepreneur!.BirthName).Must(n => EntrepreneurIdentity.NameKey(n ?? "").Length > 0 && n!.Trim().Length <= 100)
                .OverridePropertyName("entrepreneur.birthName").WithErrorCode("identity.birth_name.invalid");
            RuleFor(c => c.Entrepreneur!.UsageName).Must(n => n is null || n.Trim().Length <= 100).OverridePropertyName("entrepreneur.usageName")
                .WithErrorCode("identity.usage_name.invalid");
            RuleFor(c => c.Entrepreneur!.FirstNames).Must(n => !string.IsNullOrWhiteSpace(n) && n.Trim().Length <= 200)
                .OverridePropertyName("entrepreneur.firstNames").WithErrorCode("identity.first_names.invalid");
            RuleFor(c => c.Entrepreneur!.BirthDate).InclusiveBetween(new DateOnly(1900, 1, 1), new DateOnly(2100, 12, 31))
                .OverridePropertyName("entrepreneur.birthDate").WithErrorCode("identity.birth_date.invalid");
        });
    }

    private static bool IsCoherent(ActivityNature nature, ActivityCategory category) =>
        (nature == ActivityNature.Liberal) == category is ActivityCategory.LiberalBnc or ActivityCategory.LiberalCipav;
}

internal sealed class RecordFormalityHandler(IdentityDbContext db, NirProtector nirs, TimeProvider clock)
    : ICommandHandler<RecordFormalityCommand, Result<RecordFormalityResult>>
{
    public async ValueTask<Result<RecordFormalityResult>> Handle(RecordFormalityCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var data = new FormalityData(command.Siret, command.LegalName.Trim(), Identifiers.NormalizeApe(command.ApeCode)!,
            command.ActivityStartDate, command.ActivityNature, command.PrimaryCategory, command.Department,
            command.DeclarationFrequency, command.IncomeTaxWithholding, command.Acre, command.Address.Trim());

        EntrepreneurIdentity? entrepreneur = null;
        if (command.Entrepreneur is { } e)
        {
            var (gender, birthplace, birthcountry) = EntrepreneurIdentity.FromNir(Identifiers.NormalizeNir(e.Nir));
            entrepreneur = new EntrepreneurIdentity(nirs.Lookup(e.Nir), NirProtector.Mask(e.Nir), e.BirthName.Trim(),
                string.IsNullOrWhiteSpace(e.UsageName) ? null : e.UsageName.Trim(), e.FirstNames.Trim(), e.BirthDate, gender, birthplace, birthcountry);
        }

        var formality = await db.Formalities.SingleOrDefaultAsync(f => f.Siret == command.Siret, cancellationToken);
        var created = formality is null;
        if (formality is null)
        {
            if (entrepreneur is null) return IdentityErrors.EntrepreneurRequired;
            formality = Formality.Create(data, entrepreneur, now);
            db.Formalities.Add(formality);
        }
        else
        {
            var changed = formality.Update(data, entrepreneur, now);
            if (!changed.Profile)
            {
                if (changed.Identity) await db.SaveChangesAsync(cancellationToken); // the identity is Identity's own: nothing to publish
                return new RecordFormalityResult(false, FormalityResponse.From(formality));
            }
        }

        db.AddIntegrationEvent(new EnterpriseProfileChanged(Guid.CreateVersion7(), now, data.Siret, data.LegalName, data.ApeCode,
            data.ActivityStartDate, data.ActivityNature, data.PrimaryCategory, data.Department, data.DeclarationFrequency,
            data.IncomeTaxWithholding, data.Acre, data.Address));
        await db.SaveChangesAsync(cancellationToken);
        return new RecordFormalityResult(created, FormalityResponse.From(formality));
    }
}

internal sealed class RecordFormalityEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost(IdentityRoutes.Formalities, async (RecordFormalityRequest body, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(body.ToCommand(), ct);
                if (!result.IsSuccess) return result.Error!.ToProblem();
                return result.Value.Created
                    ? TypedResults.Created($"{IdentityRoutes.Formalities}/{result.Value.Formality.Siret}", result.Value.Formality)
                    : (IResult)TypedResults.Ok(result.Value.Formality);
            })
            .WithName("RecordFormality")
            .WithTags(IdentityRoutes.OperatorTag)
            .WithSummary("Registers or updates what the business-formalities centre transmitted for a SIRET (idempotent on the SIRET). " +
                         "A new SIRET needs the entrepreneur's identity (NIR, names, birth date), the only person who may open its account.")
            .RequireAuthorization(Policies.Operator)
            .WithIdempotency<IdentityDbContext>()
            .Produces<FormalityResponse>(StatusCodes.Status201Created)
            .Produces<FormalityResponse>()
            .ProducesValidationProblem();
}

internal sealed record RecordFormalityRequest(
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
    EntrepreneurRequest? Entrepreneur = null)
{
    public RecordFormalityCommand ToCommand() => new(Siret, LegalName, ApeCode, ActivityStartDate, ActivityNature, PrimaryCategory,
        Department, DeclarationFrequency, IncomeTaxWithholding, Acre, Address, Entrepreneur);
}
