using Mediator;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Features.RecordFormality;

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
