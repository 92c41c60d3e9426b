using System.Security.Claims;
using System.Text.Json.Serialization;
using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Urssaf.Modules.Compliance.Contracts.Queries;
using Urssaf.Modules.Compliance.Domain;
using Urssaf.Modules.Compliance.Features.Shared;
using Urssaf.Modules.Compliance.Persistence;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;

namespace Urssaf.Modules.Compliance.Features.Dashboard;

internal sealed record GetDashboardQuery(AccountId AccountId) : IQuery<DashboardResponse>;

internal sealed record DashboardResponse(IReadOnlyList<string> Layout, IReadOnlyList<Widget> Widgets);

/// <summary>
/// One widget: <c>type</c> names it, <c>data</c> holds its content, with one schema per type in the OpenAPI document
/// (a discriminated union on <c>type</c>; the JSON is the same as when <c>data</c> was untyped).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RegularityItem), "regularity")]
[JsonDerivedType(typeof(ContributionsDueItem), "contributions_due")]
[JsonDerivedType(typeof(NextDeadlinesItem), "next_deadlines")]
[JsonDerivedType(typeof(RecentDeclarationsItem), "recent_declarations")]
[JsonDerivedType(typeof(RecentPaymentsItem), "recent_payments")]
[JsonDerivedType(typeof(PenaltiesItem), "penalties")]
[JsonDerivedType(typeof(TurnoverThresholdsItem), "turnover_thresholds")]
[JsonDerivedType(typeof(RegulatoryNoticesItem), "regulatory_notices")]
internal abstract record Widget;

internal sealed record RegularityItem(RegularityWidget Data) : Widget;

internal sealed record ContributionsDueItem(ContributionsDueWidget Data) : Widget;

internal sealed record NextDeadlinesItem(IReadOnlyList<Deadline> Data) : Widget;

internal sealed record RecentDeclarationsItem(IReadOnlyList<RecentDeclaration> Data) : Widget;

internal sealed record RecentPaymentsItem(IReadOnlyList<RecentPayment> Data) : Widget;

internal sealed record PenaltiesItem(IReadOnlyList<PenaltyItem> Data) : Widget;

internal sealed record TurnoverThresholdsItem(TurnoverThresholdsWidget Data) : Widget;

internal sealed record RegulatoryNoticesItem(IReadOnlyList<Urssaf.Modules.Notifications.Contracts.Queries.RegulatoryNoticeView> Data) : Widget;

internal sealed record RegularityWidget(string Status, IReadOnlyList<EligibilityReason> Reasons);

internal sealed record ContributionsDueWidget(decimal TotalDue, decimal Overdue, decimal BeingCollected);

internal sealed record Deadline(string Kind, string Period, DateOnly DueDate, decimal? Amount);

internal sealed record RecentDeclaration(string Period, DateTime SubmittedAt, decimal Total, bool FiledLate);

internal sealed record RecentPayment(Guid PaymentId, string Period, decimal Amount, string Method, string Status, DateOnly? CollectionDate, DateTime UpdatedAt);

internal sealed record PenaltyItem(string Kind, string Period, decimal Amount, DateOnly DueDate);

internal sealed record TurnoverThresholdsWidget(int Year, long Turnover, long Sales, long Services, IReadOnlyList<ThresholdWarning> Warnings);

/// <summary>The account at a glance, from Compliance's own projection only, in the widget order the entrepreneur chose.</summary>
internal sealed class GetDashboardHandler(ComplianceDbContext db, AccountStanding standing, ISender sender) : IQueryHandler<GetDashboardQuery, DashboardResponse>
{
    private const int Recent = 5;

    public async ValueTask<DashboardResponse> Handle(GetDashboardQuery query, CancellationToken cancellationToken)
    {
        var layout = (await db.DashboardLayouts.AsNoTracking().SingleOrDefaultAsync(l => l.AccountId == query.AccountId, cancellationToken))?.WidgetList
                     ?? string.Join(',', DashboardLayout.Widgets);
        var types = layout.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var s = await standing.LoadAsync(query.AccountId, cancellationToken);
        var widgets = new List<Widget>(types.Length);
        foreach (var type in types)
        {
            widgets.Add(type switch
            {
                "regularity" => new RegularityItem(new RegularityWidget(Regularity.Name(s.Status), s.Reasons)),
                "contributions_due" => new ContributionsDueItem(new ContributionsDueWidget(s.Obligations.Sum(o => o.UncoveredCents + o.PendingCents) / 100m,
                    s.Obligations.Where(o => o.DueDate < s.Today).Sum(o => o.UncoveredCents) / 100m, s.Obligations.Sum(o => o.PendingCents) / 100m)),
                "next_deadlines" => new NextDeadlinesItem(s.Declarations.Where(d => d.FiledOnUtc is null && d.DueDate >= s.Today)
                    .Select(d => new Deadline("declaration", d.Period, d.DueDate, null))
                    .Concat(s.Obligations.Where(o => o.UncoveredCents > 0 && o.DueDate >= s.Today)
                        .Select(o => new Deadline(o.Kind == "penalty" ? "penalty_payment" : "payment", o.Period, o.DueDate, o.UncoveredCents / 100m)))
                    .OrderBy(d => d.DueDate).Take(Recent).ToList()),
                "recent_declarations" => new RecentDeclarationsItem(s.Declarations.Where(d => d.FiledOnUtc is not null).OrderByDescending(d => d.FiledOnUtc).Take(Recent)
                    .Select(d => new RecentDeclaration(d.Period, d.FiledOnUtc!.Value, d.TotalCents / 100m, d.FiledLate)).ToList()),
                "recent_payments" => new RecentPaymentsItem((await db.Payments.AsNoTracking().Where(p => p.AccountId == query.AccountId)
                        .OrderByDescending(p => p.UpdatedOnUtc).Take(Recent).ToListAsync(cancellationToken))
                    .Select(p => new RecentPayment(p.PaymentId, p.Period, p.AmountCents / 100m, p.Method, p.Status, p.CollectionDate, p.UpdatedOnUtc)).ToList()),
                "turnover_thresholds" => new TurnoverThresholdsItem(await ThresholdsAsync(query.AccountId, s.Today, cancellationToken)),
                // notices of regulatory change that concern the account, from Notifications (which owns the regulatory watch)
                "regulatory_notices" => new RegulatoryNoticesItem(
                    await sender.Send(new Urssaf.Modules.Notifications.Contracts.Queries.GetRegulatoryNotices(query.AccountId.Value, s.Today), cancellationToken)),
                _ => new PenaltiesItem((await db.Penalties.AsNoTracking().Where(p => p.AccountId == query.AccountId).OrderByDescending(p => p.AssessedOn).Take(Recent)
                        .ToListAsync(cancellationToken))
                    .Select(p => new PenaltyItem(p.Kind, p.Period, p.AmountCents / 100m, p.DueDate)).ToList()),
            });
        }

        return new DashboardResponse(types, widgets);
    }

    /// <summary>The year's cumulative declared turnover against the micro ceilings and VAT franchise thresholds (DOMAIN.md §5).</summary>
    private async Task<TurnoverThresholdsWidget> ThresholdsAsync(AccountId account, DateOnly today, CancellationToken ct)
    {
        var year = today.Year;
        var start = await db.Enterprises.AsNoTracking().Where(e => e.AccountId == account).Select(e => (DateOnly?)e.ActivityStartDate).FirstOrDefaultAsync(ct);
        var rows = await db.DeclaredTurnovers.AsNoTracking().Where(t => t.AccountId == account && (t.Year == year || t.Year == year - 1)).ToListAsync(ct);
        YearTurnover Sum(int y) => rows.Where(r => r.Year == y).Aggregate(new YearTurnover(), (total, r) => total + new YearTurnover(r.Sales, r.Services, r.FurnishedTourism));
        var current = Sum(year);
        var warnings = start is { } activityStart ? TurnoverThresholds.Evaluate(year, activityStart, current, Sum(year - 1)).ToList() : [];
        // radiation for inactivity (DOMAIN.md §3): 24 months or 8 quarters in a row declared with zero turnover
        var filed = await db.ExpectedDeclarations.AsNoTracking().Where(d => d.AccountId == account && d.FiledOnUtc != null).Select(d => d.Period).ToListAsync(ct);
        var turnover = (await db.DeclaredTurnovers.AsNoTracking().Where(t => t.AccountId == account).ToListAsync(ct))
            .GroupBy(t => t.Period).ToDictionary(g => g.Key, g => g.Sum(t => t.Sales + t.Services + t.FurnishedTourism));
        if (Inactivity.Warning(filed.Select(p => Inactivity.Bounds(p) is var (from, to) ? (from, to, turnover.GetValueOrDefault(p)) : default)) is { } inactive)
            warnings.Add(inactive);
        return new TurnoverThresholdsWidget(year, current.Total, current.Sales, current.ServicesIn(year), warnings);
    }
}

internal sealed class GetDashboardEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet($"{ComplianceRoutes.Root}/dashboard", async (ClaimsPrincipal user, ISender sender, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var account = user.GetAccountId();
                var view = await sender.Send(new GetDashboardViewQuery(account), ct);
                response.Headers.CacheControl = "private, no-cache"; // kept by the client, checked again on every use (ADR 0136)
                if (view.Version > 0)
                {
                    var tag = new EntityTagHeaderValue($"\"{account.Value:N}.{view.Version}\"");
                    response.Headers.ETag = tag.ToString();
                    if (request.GetTypedHeaders().IfNoneMatch.Any(m => m.Equals(EntityTagHeaderValue.Any) || m.Compare(tag, useStrongComparison: false)))
                        return Results.StatusCode(StatusCodes.Status304NotModified);
                }

                return Results.Text(view.Json, "application/json", System.Text.Encoding.UTF8);
            })
            .WithName("GetDashboard")
            .WithTags(ComplianceRoutes.Tag)
            .WithSummary("Widgets in the chosen order: regularity, contributions due, next deadlines, recent declarations, recent payments, penalties, " +
                         "turnover thresholds (micro ceilings and VAT franchise).")
            .RequireAuthorization(Policies.AccountHolder)
            .Produces<DashboardResponse>()
            .Produces(StatusCodes.Status304NotModified);
    }
}
