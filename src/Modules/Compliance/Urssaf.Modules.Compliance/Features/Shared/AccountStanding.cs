using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Urssaf.Modules.Compliance.Contracts.Queries;
using Urssaf.Modules.Compliance.Domain;
using Urssaf.Modules.Compliance.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Time;

namespace Urssaf.Modules.Compliance.Features.Shared;

internal sealed record Standing(RegularityStatus Status, IReadOnlyList<EligibilityReason> Reasons, IReadOnlyList<ExpectedDeclaration> Declarations,
    IReadOnlyList<ObligationState> Obligations, DateOnly Today);

/// <summary>Reads one account's projection (two indexed queries) and evaluates its regularity.</summary>
internal sealed class AccountStanding(ComplianceDbContext db, TimeProvider clock, IOptions<ComplianceOptions> options)
{
    public async Task<Standing> LoadAsync(AccountId account, CancellationToken ct)
    {
        var declarations = await db.ExpectedDeclarations.AsNoTracking().Where(d => d.AccountId == account).ToListAsync(ct);
        var obligations = await db.Obligations.AsNoTracking().Where(o => o.AccountId == account).ToListAsync(ct);
        var today = clock.Today();
        var (status, reasons) = Regularity.Evaluate(declarations, obligations, clock.GetUtcNow().UtcDateTime, today, options.Value.DeadlineWindowDays);
        return new Standing(status, reasons, declarations, obligations, today);
    }
}
