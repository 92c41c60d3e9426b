using FluentValidation;
using Urssaf.Modules.Identity.Domain;
using Urssaf.SharedKernel.Enterprise;

namespace Urssaf.Modules.Identity.Features.RecordFormality;

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
