using System.Security.Claims;
using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Declarations.Domain;
using Urssaf.Modules.Declarations.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;
using Urssaf.Modules.Declarations.Features.Shared;

namespace Urssaf.Modules.Declarations.Features.GetPeriods;

internal sealed record GetPeriodsQuery(AccountId AccountId) : IQuery<Result<IReadOnlyList<PeriodResponse>>>;

internal sealed record PeriodResponse(string Period, DateOnly Start, DateOnly End, DateOnly DueDate, PeriodStatus Status);

internal sealed class GetPeriodsHandler(DeclarationsDbContext db, DeclarationCalendar calendar, TimeProvider clock)
    : IQueryHandler<GetPeriodsQuery, Result<IReadOnlyList<PeriodResponse>>>
{
    public async ValueTask<Result<IReadOnlyList<PeriodResponse>>> Handle(GetPeriodsQuery query, CancellationToken cancellationToken)
    {
        var enterprise = await db.EnterpriseOf(query.AccountId, cancellationToken);
        if (!enterprise.IsSuccess) return enterprise.Error!;
        var declared = (await db.Declarations.AsNoTracking().Where(d => d.AccountId == query.AccountId).Select(d => d.Period).ToListAsync(cancellationToken))
            .Select(DeclarationPeriod.Parse).ToHashSet();
        var entries = calendar.Periods(enterprise.Value, declared, clock.GetUtcNow().UtcDateTime);
        return entries.Select(e => new PeriodResponse(e.Period.ToString(), e.Start, e.End, e.DueDate, e.Status)).Reverse().ToList();
    }
}

internal sealed class GetPeriodsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet($"{DeclarationsRoutes.Root}/periods", async (ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                (await sender.Send(new GetPeriodsQuery(user.GetAccountId()), ct)).ToOk())
            .WithName("GetPeriods")
            .WithTags(DeclarationsRoutes.Tag)
            .WithSummary("The enterprise's declaration periods, newest first, with due dates and status (upcoming, open, declared, late).")
            .RequireScope(DelegationScopes.DeclarationsRead)
            .Produces<IReadOnlyList<PeriodResponse>>()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
