using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.Options;
using Urssaf.Modules.Compliance.Domain;
using Urssaf.Modules.Compliance.Features.Shared;
using Urssaf.Modules.Compliance.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Time;

namespace Urssaf.Modules.Compliance.Features.Dashboard;

/// <summary>The dashboard's answer, with its version (0: built but not stored, as a change came in meanwhile: no ETag).</summary>
internal sealed record DashboardViewResult(long Version, string Json);

internal sealed record GetDashboardViewQuery(AccountId AccountId) : IQuery<DashboardViewResult>;


internal sealed class GetDashboardViewHandler(ComplianceDbContext db, ISender sender, TimeProvider clock, IOptions<ComplianceOptions> options,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IQueryHandler<GetDashboardViewQuery, DashboardViewResult>
{
    public async ValueTask<DashboardViewResult> Handle(GetDashboardViewQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var view = await DashboardViews.FindAsync(db, query.AccountId);
        if (view is { Json: { } stored } && view.ValidUntilUtc > now) return new DashboardViewResult(view.Version, stored);

        if (view is null)
        {
            // the row first: a change committed from now on finds it and bumps its version, so a build that missed it is not stored
            db.DashboardViews.Add(new DashboardView { AccountId = query.AccountId, Version = 1, ValidUntilUtc = DateTime.MinValue });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // another request added it at the same time
            }

            db.ChangeTracker.Clear();
            view = await DashboardViews.FindAsync(db, query.AccountId) ?? throw new InvalidOperationException("The dashboard view row is missing.");
        }

        var answer = JsonSerializer.Serialize(await sender.Send(new GetDashboardQuery(query.AccountId), cancellationToken), json.Value.SerializerOptions);
        var until = await ValidUntilAsync(query.AccountId, now, cancellationToken);
        var next = view.Version + 1;
        var saved = await db.DashboardViews.Where(v => v.AccountId == query.AccountId && v.Version == view.Version)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Json, answer).SetProperty(v => v.Version, next).SetProperty(v => v.ValidUntilUtc, until), cancellationToken);
        return new DashboardViewResult(saved == 1 ? next : 0, answer);
    }

    /// <summary>
    /// The answer changes with time alone at the next Paris midnight (deadlines, overdue amounts, the regularity window),
    /// at a filing deadline (23:59:59 Paris, CSS R613-8), and with regulatory notices Compliance is not told about (maximum age).
    /// </summary>
    private async Task<DateTime> ValidUntilAsync(AccountId account, DateTime now, CancellationToken ct)
    {
        var paris = TimeZoneInfo.ConvertTimeFromUtc(now, FrenchTime.Paris);
        var midnight = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(paris.Date.AddDays(1), DateTimeKind.Unspecified), FrenchTime.Paris);
        var deadline = await db.ExpectedDeclarations.AsNoTracking().Where(d => d.AccountId == account && d.DeadlineUtc > now)
            .Select(d => (DateTime?)d.DeadlineUtc).MinAsync(ct);
        var until = now.AddSeconds(options.Value.DashboardMaxAgeSeconds);
        if (midnight < until) until = midnight;
        return deadline is { } d && d < until ? d : until;
    }
}
