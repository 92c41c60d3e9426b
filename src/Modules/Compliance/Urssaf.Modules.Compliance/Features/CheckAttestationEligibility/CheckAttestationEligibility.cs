using Mediator;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Compliance.Contracts.Queries;
using Urssaf.Modules.Compliance.Domain;
using Urssaf.Modules.Compliance.Features.Shared;
using Urssaf.Modules.Compliance.Persistence;
using Urssaf.Modules.Declarations.Contracts.Queries;
using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Compliance.Features.CheckAttestationEligibility;

/// <summary>
/// CSS L243-15: an attestation de vigilance goes to an account that filed its declarations and paid its contributions
/// (a direct debit being collected counts as paid). Before the first due date, a new business gets a provisional
/// one valid until that date. Debts covered by an honoured payment plan are reserved by its scheduled instalments: up to date (CSS R243-21).
/// </summary>
internal sealed class AttestationEligibilityHandler(ComplianceDbContext db, AccountStanding standing, ISender sender)
    : IQueryHandler<GetAttestationEligibility, AttestationEligibility>
{
    public async ValueTask<AttestationEligibility> Handle(GetAttestationEligibility query, CancellationToken cancellationToken)
    {
        var account = new AccountId(query.AccountId);
        if (!await db.Enterprises.AnyAsync(e => e.AccountId == account, cancellationToken))
            return new AttestationEligibility(false, false, null,
                [new EligibilityReason("compliance.enterprise.unknown", "Aucune entreprise n'est encore rattachée à ce compte.")]);

        var s = await standing.LoadAsync(account, cancellationToken);
        var blocking = s.Reasons.Where(r => r.Code is "declaration.missing" or "payment.overdue").ToList();
        if (blocking.Count > 0) return new AttestationEligibility(false, false, null, blocking);

        var anythingDueYet = s.Declarations.Any(d => d.DueDate < s.Today) || s.Obligations.Any(o => o.DueDate < s.Today);
        if (!anythingDueYet && await sender.Send(new GetFirstDueDate(query.AccountId), cancellationToken) is { } first && first >= s.Today)
            return new AttestationEligibility(true, true, first, []);
        return new AttestationEligibility(true, false, null, []);
    }
}
