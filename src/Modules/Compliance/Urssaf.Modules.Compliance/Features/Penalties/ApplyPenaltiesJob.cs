using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Urssaf.Modules.Compliance.Contracts.IntegrationEvents;
using Urssaf.Modules.Compliance.Domain;
using Urssaf.Modules.Compliance.Persistence;
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
/// received after it, is late) plus 0.2 % of what is still owed per month or part of a month, grown while something stays unpaid. Penalties are due one month after notification (CSS R243-19). Reads are one indexed query
/// per rule; writes go in batches, penalties and their events in one transaction.
/// </summary>
internal sealed class ApplyPenaltiesJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<ComplianceOptions> options) : IDailyJob
{
    public string Name => "apply-penalties";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = clock.Today();
        return await LateDeclarationsAsync(now, today, cancellationToken) + await LatePaymentsAsync(now, today, cancellationToken);
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

            await transaction.CommitAsync(ct);
        }

        return late.Count;
    }

    private sealed record Unpaid(Guid ObligationId, AccountId AccountId, string Period, long UnpaidAtDueDateCents, long StillOwedCents, DateOnly DueDate);

    private async Task<int> LatePaymentsAsync(DateTime now, DateOnly today, CancellationToken ct)
    {
        List<Unpaid> unpaid;
        Dictionary<string, (Guid Id, int Months, long Base, long Amount, int Version)> existing;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ComplianceDbContext>();
            // not paid by the due date: uncovered, or covered only by payments made after it (R243-16 I)
            unpaid = await db.Obligations.AsNoTracking()
                .Where(o => o.Kind == "declaration" && o.DueDate < today && (o.UncoveredCents > 0 || o.PendingLateCents > 0 || o.PaidLateCents > 0))
                .Select(o => new { o.ObligationId, o.AccountId, o.Period, o.AmountCents, o.UncoveredCents, o.PendingLateCents, o.PaidLateCents, o.PlanPendingCents, o.DueDate })
                .AsAsyncEnumerable()
                .Select(o => new Unpaid(o.ObligationId, o.AccountId, o.Period, Math.Min(o.AmountCents, o.UncoveredCents + o.PendingLateCents + o.PaidLateCents),
                    ObligationState.StillOwed(o.UncoveredCents, o.PendingLateCents, o.PlanPendingCents), o.DueDate)) // a plan's cover stops the growth (R243-21)
                .ToListAsync(ct);
            existing = (await db.Penalties.AsNoTracking().Where(p => p.Kind == PenaltyKinds.LatePayment)
                    .Select(p => new { p.SourceKey, p.Id, p.Months, p.BaseCents, p.AmountCents, p.Version }).ToListAsync(ct))
                .ToDictionary(p => p.SourceKey, p => (p.Id, p.Months, p.BaseCents, p.AmountCents, p.Version));
        }

        var work = unpaid.Where(u => u.UnpaidAtDueDateCents > 0 && (!existing.TryGetValue(u.ObligationId.ToString(), out var p)
            || u.UnpaidAtDueDateCents > p.Base || (u.StillOwedCents > 0 && p.Months < PenaltyRules.MonthsElapsed(u.DueDate, today)))).ToList();
        foreach (var batch in work.Chunk(options.Value.PenaltyBatchSize))
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ComplianceDbContext>();
            var created = new List<Penalty>();
            var events = new List<OutboxMessage>(batch.Length);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            foreach (var u in batch)
            {
                var months = PenaltyRules.MonthsElapsed(u.DueDate, today);
                var key = u.ObligationId.ToString();
                if (existing.TryGetValue(key, out var known))
                {
                    // R243-16 II: each month or part of a month started since the last assessment adds 0.2 % of what is
                    // still owed now (not of the amount first assessed: what was paid meanwhile no longer bears it)
                    var amount = known.Amount + (u.StillOwedCents > 0 ? PenaltyRules.ComplementaryCents(u.StillOwedCents, months - known.Months) : 0);
                    var grownMonths = u.StillOwedCents > 0 ? months : known.Months;
                    var basis = known.Base;
                    if (u.UnpaidAtDueDateCents > basis)
                    {
                        // a debit ordered in time came back unpaid: the returned part was not paid at the due date either (R243-16 I),
                        // and was owed during the months already counted
                        var more = u.UnpaidAtDueDateCents - basis;
                        amount += PenaltyRules.MajorationCents(more) + PenaltyRules.ComplementaryCents(more, known.Months);
                        basis = u.UnpaidAtDueDateCents;
                    }

                    if (amount == known.Amount) continue;
                    var updated = await db.Penalties.Where(p => p.Id == known.Id && p.Version == known.Version)
                        .ExecuteUpdateAsync(s => s.SetProperty(p => p.Months, grownMonths).SetProperty(p => p.AmountCents, amount)
                            .SetProperty(p => p.BaseCents, basis).SetProperty(p => p.Version, known.Version + 1), ct);
                    if (updated == 0) continue; // changed meanwhile by another run: it already did this
                    events.Add(OutboxMessage.From(new PenaltyAssessed(Guid.CreateVersion7(), now, known.Id, u.AccountId.Value, PenaltyKinds.LatePayment,
                        u.Period, amount, known.Amount, today.AddMonths(1), "CSS R243-16", known.Version + 1)));
                }
                else
                {
                    var penalty = new Penalty
                    {
                        Id = PenaltyId(PenaltyKinds.LatePayment, key), AccountId = u.AccountId, Kind = PenaltyKinds.LatePayment, Period = u.Period,
                        SourceKey = key, BaseCents = u.UnpaidAtDueDateCents, Months = months,
                        AmountCents = PenaltyRules.LatePaymentCents(u.UnpaidAtDueDateCents, u.StillOwedCents, months),
                        AssessedOn = today, DueDate = today.AddMonths(1), LateSince = u.DueDate.AddDays(1), LegalReference = "CSS R243-16", Version = 1,
                    };
                    created.Add(penalty);
                    events.Add(Assessed(penalty, 0, now));
                }
            }

            await db.InsertAsync(created, ct);
            await db.InsertAsync(events, ct);
            await transaction.CommitAsync(ct);
        }

        return work.Count;
    }

    private static OutboxMessage Assessed(Penalty p, long previous, DateTime now) => OutboxMessage.From(new PenaltyAssessed(Guid.CreateVersion7(), now, p.Id,
        p.AccountId.Value, p.Kind, p.Period, p.AmountCents, previous, p.DueDate, p.LegalReference, p.Version));

    /// <summary>A stable id per (kind, source): the unique key refuses a second penalty for the same lateness.</summary>
    private static Guid PenaltyId(string kind, string source) => new(SHA256.HashData(Encoding.UTF8.GetBytes($"penalty:{kind}:{source}")).AsSpan(0, 16));
}
