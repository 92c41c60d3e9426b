using Mediator;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Declarations.Contracts.Queries;
using Urssaf.Modules.Declarations.Domain;
using Urssaf.Modules.Declarations.Persistence;
using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Declarations.Features.ComputeFirstDueDate;

internal sealed class GetFirstDueDateHandler(DeclarationsDbContext db, DeclarationCalendar calendar) : IQueryHandler<GetFirstDueDate, DateOnly?>
{
    public async ValueTask<DateOnly?> Handle(GetFirstDueDate query, CancellationToken cancellationToken)
    {
        var account = new AccountId(query.AccountId);
        var enterprise = await db.Enterprises.AsNoTracking().FirstOrDefaultAsync(e => e.AccountId == account, cancellationToken);
        return enterprise is null
            ? null
            : calendar.DueDate(enterprise.FirstPeriod);
    }
}
