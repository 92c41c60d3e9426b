using Mediator;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Features.RecordFormality;

internal sealed class RecordFormalityHandler(IdentityDbContext db, TimeProvider clock)
    : ICommandHandler<RecordFormalityCommand, Result<RecordFormalityResult>>
{
    public async ValueTask<Result<RecordFormalityResult>> Handle(RecordFormalityCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var data = new FormalityData(command.Siret, command.LegalName.Trim(), Identifiers.NormalizeApe(command.ApeCode)!,
            command.ActivityStartDate, command.ActivityNature, command.PrimaryCategory, command.Department,
            command.DeclarationFrequency, command.IncomeTaxWithholding, command.Acre, command.Address.Trim());

        var formality = await db.Formalities.SingleOrDefaultAsync(f => f.Siret == command.Siret, cancellationToken);
        var created = formality is null;
        if (formality is null)
        {
            formality = Formality.Create(data, now);
            db.Formalities.Add(formality);
        }
        else if (!formality.Update(data, now))
        {
            return new RecordFormalityResult(false, FormalityResponse.From(formality)); // same transmission again: nothing to publish
        }

        db.AddIntegrationEvent(new EnterpriseProfileChanged(Guid.CreateVersion7(), now, data.Siret, data.LegalName, data.ApeCode,
            data.ActivityStartDate, data.ActivityNature, data.PrimaryCategory, data.Department, data.DeclarationFrequency,
            data.IncomeTaxWithholding, data.Acre, data.Address));
        await db.SaveChangesAsync(cancellationToken);
        return new RecordFormalityResult(created, FormalityResponse.From(formality));
    }
}
