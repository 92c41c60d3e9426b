using System.Globalization;
using System.Security.Cryptography;
using Mediator;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Urssaf.Modules.Compliance.Contracts.IntegrationEvents;
using Urssaf.Modules.Compliance.Domain;
using Urssaf.Modules.Compliance.Persistence;
using Urssaf.Modules.Declarations.Contracts.Queries;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Infrastructure.Modules;
using Urssaf.SharedKernel.Infrastructure.Persistence;
using Urssaf.SharedKernel.Infrastructure.Time;

namespace Urssaf.Modules.Compliance.Features.Penalties;

/// <summary>
/// Daily: assesses the penalties the law attaches to lateness, each once however often the job runs.
/// Late declaration (CSS R613-9): one fixed penalty per declaration not filed by its deadline. Late payment
/// (CSS R243-16): 5 % of the contributions not paid at the due date (a direct debit ordered after it, or a transfer
/// received after it, is late) plus 0.2 % per month or part of a month of what was still owed as it began, recomputed each run
/// from what is owed (up or down). Penalties are due one month after notification (CSS R243-19). Reads are one indexed query
/// per rule; writes go in batches, penalties and their events in one transaction.
/// </summary>
internal sealed class ApplyPenaltiesJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<ComplianceOptions> options) : IDailyJob
{
    public string Name => "apply-penalties";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = clock.Today();
        return await LateDeclarationsAsync(now, today, cancellationToken) + await LatePaymentsAsync(now, today, cancellationToken)
               + await FlatRateTaxationsAsync(now, today, cancellationToken);
    }

    private sealed record LateDeclaration(AccountId AccountId, string Period, DateOnly DueDate);

    private async Task<int> LateDeclarationsAsync(DateTime now, DateOnly today, CancellationToken ct)
    {
        List<LateDeclaration> late;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ComplianceDbContext>();
            late = await db.ExpectedDeclarations.AsNoTracking()
                .Where(d => !d.LatePenaltyAssessed && d.DeadlineUtc < now && (d.FiledOnUtc == null || d.FiledLate))
                .Select(d => new LateDeclaration(d.AccountId, d.Period, d.DueDate)).ToListAsync(ct);
        }

        foreach (var batch in late.Chunk(options.Value.PenaltyBatchSize))
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ComplianceDbContext>();
            var penalties = new List<Penalty>(batch.Length);
            var events = new List<OutboxMessage>(batch.Length);
            foreach (var d in batch)
            {
                var amount = PenaltyRules.Official.LateDeclarationCents(d.DueDate);
                var penalty = new Penalty
                {
                    Id = PenaltyId(PenaltyKinds.LateDeclaration, $"{d.AccountId}:{d.Period}"), AccountId = d.AccountId, Kind = PenaltyKinds.LateDeclaration,
                    Period = d.Period, SourceKey = $"{d.AccountId}:{d.Period}", AmountCents = amount, AssessedOn = today, DueDate = today.AddMonths(1),
                    LateSince = d.DueDate.AddDays(1), LegalReference = "CSS R613-9", Version = 1,
                };
                penalties.Add(penalty);
                events.Add(Assessed(penalty, 0, now));
            }

            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.InsertAsync(penalties, ct);
            await db.InsertAsync(events, ct);
            foreach (var group in batch.GroupBy(d => d.Period))
            {
                var accounts = group.Select(d => d.AccountId).ToList();
                await db.ExpectedDeclarations.Where(d => d.Period == group.Key && accounts.Contains(d.AccountId))
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.LatePenaltyAssessed, true), ct);
            }

            await Shared.DashboardViews.InvalidateAsync(db, batch.Select(d => d.AccountId).ToList(), ct);
            await transaction.CommitAsync(ct);
        }

        return late.Count;
    }

    private sealed record Unpaid(Guid ObligationId, AccountId AccountId, string Period, long UnpaidAtDueDateCents, string? LateReceipts, long PlanPendingCents, DateOnly DueDate);

    private sealed record Assessment(Guid Id, int Months, long Base, long Amount, int Version, long Remitted);

    /// <summary>
    /// R243-16 recomputed each day from what is owed (<see cref="PenaltyRules.LatePayment"/>): up as months begin or a debit comes back,
    /// down when a correction lowers the contributions or a later booking shows money paid on time or earlier than counted. What an
    /// operator remitted (R243-20) stays remitted.
    /// </summary>
    private async Task<int> LatePaymentsAsync(DateTime now, DateOnly today, CancellationToken ct)
    {
        List<Unpaid> candidates;
        Dictionary<string, Assessment> existing;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ComplianceDbContext>();
            var remitted = await db.RemissionRequests.AsNoTracking().Where(r => r.Status == RemissionStatuses.Granted)
                .GroupBy(r => r.PenaltyId).Select(g => new { g.Key, Cents = g.Sum(r => r.GrantedCents) }).ToDictionaryAsync(g => g.Key, g => g.Cents, ct);
            existing = (await db.Penalties.AsNoTracking().Where(p => p.Kind == PenaltyKinds.LatePayment)
                    .Select(p => new { p.SourceKey, p.Id, p.Months, p.BaseCents, p.AmountCents, p.Version }).ToListAsync(ct))
                .ToDictionary(p => p.SourceKey, p => new Assessment(p.Id, p.Months, p.BaseCents, p.AmountCents, p.Version, remitted.GetValueOrDefault(p.Id)));
            var assessed = existing.Keys.Select(Guid.Parse).ToList();
            // not paid by the due date (uncovered, or covered only by money that came after it), or already assessed (it may go down)
            candidates = await db.Obligations.AsNoTracking()
                .Where(o => o.Kind == "declaration" && o.DueDate < today
                            && (o.UncoveredCents > 0 || o.PendingLateCents > 0 || o.PaidLateCents > 0 || assessed.Contains(o.ObligationId)))
                .Select(o => new { o.ObligationId, o.AccountId, o.Period, o.AmountCents, o.UncoveredCents, o.PendingLateCents, o.PaidLateCents, o.LateReceipts, o.PlanPendingCents, o.DueDate })
                .AsAsyncEnumerable()
                .Select(o => new Unpaid(o.ObligationId, o.AccountId, o.Period,
                    ObligationState.UnpaidAtDueDate(o.AmountCents, o.UncoveredCents, o.PaidLateCents, o.PendingLateCents),
                    o.LateReceipts, o.PlanPendingCents, o.DueDate))
                .ToListAsync(ct);
        }

        var work = new List<(Unpaid Obligation, long Amount, int Months, Assessment? Known)>();
        foreach (var u in candidates)
        {
            var known = existing.GetValueOrDefault(u.ObligationId.ToString());
            // an honoured payment plan's cover stops the growth (R243-21): the months already counted stay, later ones exclude it
            var receipts = LateReceiptsText.Parse(u.LateReceipts);
            var (computed, months) = PenaltyRules.LatePayment(u.UnpaidAtDueDateCents, receipts, u.DueDate, today,
                u.PlanPendingCents, Math.Max(known?.Months ?? 0, 1));
            // everything in: a plan kept to its last instalment leaves no cover, and the months it covered stay uncounted (the daily
            // run counted every month while money was owed outside a plan, so only a plan's months can come back here)
            if (known is not null && receipts.Sum(r => r.Cents) >= u.UnpaidAtDueDateCents && computed > known.Amount + known.Remitted)
                (computed, months) = (known.Amount + known.Remitted, known.Months);
            var amount = Math.Max(0, computed - (known?.Remitted ?? 0));
            if (known is null ? amount > 0 : amount != known.Amount || months != known.Months || u.UnpaidAtDueDateCents != known.Base)
                work.Add((u, amount, months, known));
        }

        foreach (var batch in work.Chunk(options.Value.PenaltyBatchSize))
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ComplianceDbContext>();
            var created = new List<Penalty>();
            var events = new List<OutboxMessage>(batch.Length);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            foreach (var (u, amount, months, known) in batch)
            {
                if (known is not null)
                {
                    var updated = await db.Penalties.Where(p => p.Id == known.Id && p.Version == known.Version)
                        .ExecuteUpdateAsync(s => s.SetProperty(p => p.Months, months).SetProperty(p => p.AmountCents, amount)
                            .SetProperty(p => p.BaseCents, u.UnpaidAtDueDateCents).SetProperty(p => p.Version, known.Version + 1), ct);
                    if (updated == 0 || amount == known.Amount) continue; // changed meanwhile by another run or a decision; or nothing owed changes
                    events.Add(OutboxMessage.From(new PenaltyAssessed(Guid.CreateVersion7(), now, known.Id, u.AccountId.Value, PenaltyKinds.LatePayment,
                        u.Period, amount, known.Amount, today.AddMonths(1), "CSS R243-16", known.Version + 1)));
                }
                else
                {
                    var penalty = new Penalty
                    {
                        Id = PenaltyId(PenaltyKinds.LatePayment, u.ObligationId.ToString()), AccountId = u.AccountId, Kind = PenaltyKinds.LatePayment,
                        Period = u.Period, SourceKey = u.ObligationId.ToString(), BaseCents = u.UnpaidAtDueDateCents, Months = months, AmountCents = amount,
                        AssessedOn = today, DueDate = today.AddMonths(1), LateSince = u.DueDate.AddDays(1), LegalReference = "CSS R243-16", Version = 1,
                    };
                    created.Add(penalty);
                    events.Add(Assessed(penalty, 0, now));
                }
            }

            await db.InsertAsync(created, ct);
            await db.InsertAsync(events, ct);
            await Shared.DashboardViews.InvalidateAsync(db, batch.Select(b => b.Obligation.AccountId).ToList(), ct);
            await transaction.CommitAsync(ct);
        }

        return work.Count;
    }

    /// <summary>
    /// CSS R613-10: once the last due date of a civil year has passed (31 January of the next year, R613-8: December's and the fourth
    /// quarter's), each declaration of that year still missing is taxed on a flat rate (computed by Declarations, which knows the
    /// rates and the category), with the number of declarations missing in the year at that moment; once per declaration. The
    /// assessment reaches Payments (owed) and Notifications (the notice) as a <see cref="PenaltyAssessed"/>; filing the declaration
    /// replaces it (DeclarationProjectionHandler).
    /// </summary>
    private async Task<int> FlatRateTaxationsAsync(DateTime now, DateOnly today, CancellationToken ct)
    {
        var lastTaxableYear = today > new DateOnly(today.Year, 1, 31) ? today.Year - 1 : today.Year - 2;
        var before = (lastTaxableYear + 1).ToString(CultureInfo.InvariantCulture); // "2027" sorts after every period of 2026
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ComplianceDbContext>();
        var sender = scope.ServiceProvider.GetRequiredService<ISender>();
        var missing = await db.ExpectedDeclarations.AsNoTracking().Where(d => d.FiledOnUtc == null && string.Compare(d.Period, before) < 0)
            .Select(d => new { d.AccountId, d.Period, d.DueDate }).ToListAsync(ct);
        if (missing.Count == 0) return 0;
        var taxed = (await db.Penalties.AsNoTracking().Where(p => p.Kind == PenaltyKinds.FlatRateTaxation).Select(p => p.SourceKey).ToListAsync(ct)).ToHashSet();
        var penalties = new List<Penalty>();
        foreach (var year in missing.GroupBy(d => (d.AccountId, Year: d.Period[..4])))
        {
            foreach (var d in year.Where(d => !taxed.Contains($"{d.AccountId}:{d.Period}")))
            {
                if (await sender.Send(new GetFlatRateTaxation(d.AccountId.Value, d.Period, year.Count()), ct) is not { } taxation) continue;
                penalties.Add(new Penalty
                {
                    Id = PenaltyId(PenaltyKinds.FlatRateTaxation, $"{d.AccountId}:{d.Period}"), AccountId = d.AccountId, Kind = PenaltyKinds.FlatRateTaxation,
                    Period = d.Period, SourceKey = $"{d.AccountId}:{d.Period}", BaseCents = taxation.TurnoverEuros * 100, AmountCents = taxation.ContributionsCents,
                    AssessedOn = today, DueDate = today.AddMonths(1), LateSince = d.DueDate.AddDays(1), LegalReference = "CSS R613-10", Version = 1,
                });
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.InsertAsync(penalties, ct);
        await db.InsertAsync(penalties.Select(p => Assessed(p, 0, now)).ToList(), ct);
        await Shared.DashboardViews.InvalidateAsync(db, penalties.Select(p => p.AccountId).ToList(), ct);
        await transaction.CommitAsync(ct);
        return penalties.Count;
    }

    private static OutboxMessage Assessed(Penalty p, long previous, DateTime now) => OutboxMessage.From(new PenaltyAssessed(Guid.CreateVersion7(), now, p.Id,
        p.AccountId.Value, p.Kind, p.Period, p.AmountCents, previous, p.DueDate, p.LegalReference, p.Version));

    /// <summary>A stable id per (kind, source): the unique key refuses a second penalty for the same lateness.</summary>
    internal static Guid PenaltyId(string kind, string source) => new(SHA256.HashData(Encoding.UTF8.GetBytes($"penalty:{kind}:{source}")).AsSpan(0, 16));
}
