using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Payments.Domain;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.Modules.Payments.Security;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Journal;
using Urssaf.SharedKernel.Infrastructure.PersonalData;
using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Payments.Features.PersonalData;

/// <summary>Payments' part of the export: obligations, mandates (the IBAN in full: it is the person's own), payments and their collections, refunds.</summary>
internal sealed class PaymentsPersonalData(PaymentsDbContext db, IbanProtector ibans) : IPersonalDataContributor
{
    public string Module => PaymentsDbContext.Schema;

    public async Task WriteJsonAsync(AccountId account, Utf8JsonWriter json, CancellationToken ct)
    {
        await json.WriteArrayAsync("obligations", db.Obligations.AsNoTracking().Where(o => o.AccountId == account).OrderBy(o => o.DueDate)
            .Select(o => new { o.Id, kind = o.Kind.ToString(), o.Period, o.AmountCents, o.PaidCents, o.PendingCents, o.RefundedCents, o.DueDate }).AsAsyncEnumerable(), ct);
        await json.WriteArrayAsync("mandates", db.Mandates.AsNoTracking().Where(m => m.AccountId == account).OrderBy(m => m.CreatedOnUtc)
            .AsAsyncEnumerable().Select(m => new
            {
                m.Id, m.Rum, iban = ibans.Unprotect(m.IbanCipher, m.Id), m.Bic, m.HolderName, m.SignedOn, status = m.Status.ToString(),
                m.RevocationReason, createdAt = m.CreatedOnUtc,
            }), ct);
        await json.WriteArrayAsync("payments", db.Payments.AsNoTracking().Where(p => p.AccountId == account).OrderBy(p => p.CreatedOnUtc)
            .Select(p => new
            {
                p.Id, p.Period, p.AmountCents, p.ReceivedCents, method = p.Method.ToString(), status = p.Status.ToString(), p.Reference,
                p.CollectionDate, p.ReceivedOn, p.ReturnReason, createdAt = p.CreatedOnUtc,
                collections = p.Collections.Select(c => new { c.Id, c.MandateId, c.AmountCents, c.CollectionDate, c.EndToEndId, status = c.Status.ToString() }),
            }).AsAsyncEnumerable(), ct);
        await json.WriteArrayAsync("refunds", db.Refunds.AsNoTracking().Where(r => r.AccountId == account).OrderBy(r => r.RequestedOnUtc)
            .Select(r => new
            {
                r.Id, r.MandateId, r.AmountCents, status = r.Status.ToString(), r.EndToEndId, r.ExecutionDate, r.SettledOn, r.ReturnReason,
                requestedAt = r.RequestedOnUtc,
            }).AsAsyncEnumerable(), ct);
        var plans = db.PaymentPlans.AsNoTracking().Where(p => p.AccountId == account).Select(p => p.Id);
        var instalments = await db.PlanInstalments.AsNoTracking().Where(i => plans.Contains(i.PlanId)).OrderBy(i => i.Number)
            .Select(i => new { i.PlanId, i.Number, i.DueDate, i.AmountCents }).ToListAsync(ct);
        await json.WriteArrayAsync("paymentPlans", db.PaymentPlans.AsNoTracking().Where(p => p.AccountId == account).OrderBy(p => p.CreatedOnUtc)
            .AsAsyncEnumerable().Select(p => new
            {
                p.Id, p.MandateId, status = p.Status.ToString(), p.Reason, p.TotalCents, createdAt = p.CreatedOnUtc, decidedAt = p.DecidedOnUtc, p.DecisionNote,
                instalments = instalments.Where(i => i.PlanId == p.Id).Select(i => new { i.Number, i.DueDate, i.AmountCents }),
            }), ct);
    }

    public async IAsyncEnumerable<PersonalDataFile> FilesAsync(AccountId account, [EnumeratorCancellation] CancellationToken ct)
    {
        await Task.CompletedTask;
        yield break;
    }
}

/// <summary>
/// Closure: every active mandate is revoked at once, so no debit is collected any more (scheduled ones are refused at batch
/// time). Mandates, payments (with their allocations and card notifications), payment plans, refunds and obligations are kept
/// for the legal retention (ADR 0111), then purged.
/// </summary>
internal sealed class PaymentsClosureHandler(PaymentsDbContext db, TimeProvider clock)
    : IIntegrationEventHandler<AccountClosed>, IIntegrationEventHandler<AccountRetentionEnded>
{
    public async Task Handle(AccountClosed e, CancellationToken ct)
    {
        var account = new AccountId(e.AccountId);
        foreach (var mandate in await db.Mandates.Where(m => m.AccountId == account && m.Status == MandateStatus.Active).ToListAsync(ct))
            mandate.Revoke("account_closed", clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>CSS L.244-3 / LPF L.102 B retention over: nothing of the account stays (idempotent on redelivery).</summary>
    public async Task Handle(AccountRetentionEnded e, CancellationToken ct)
    {
        var account = new AccountId(e.AccountId);
        var payments = db.Payments.Where(p => p.AccountId == account).Select(p => p.Id);
        await db.Collections.Where(c => payments.Contains(c.PaymentId)).ExecuteDeleteAsync(ct);
        await db.PaymentAllocations.Where(a => payments.Contains(a.PaymentId)).ExecuteDeleteAsync(ct);
        await db.CardNotifications.Where(n => payments.Contains(n.PaymentId)).ExecuteDeleteAsync(ct);
        var plans = db.PaymentPlans.Where(p => p.AccountId == account).Select(p => p.Id);
        await db.PlanInstalments.Where(i => plans.Contains(i.PlanId)).ExecuteDeleteAsync(ct);
        await db.PaymentPlans.Where(p => p.AccountId == account).ExecuteDeleteAsync(ct);
        var refunds = db.Refunds.Where(r => r.AccountId == account).Select(r => r.Id);
        await db.RefundParts.Where(p => refunds.Contains(p.RefundId)).ExecuteDeleteAsync(ct);
        await db.Refunds.Where(r => r.AccountId == account).ExecuteDeleteAsync(ct);
        await db.Payments.Where(p => p.AccountId == account).ExecuteDeleteAsync(ct);
        await db.Mandates.Where(m => m.AccountId == account).ExecuteDeleteAsync(ct);
        await db.Obligations.Where(o => o.AccountId == account).ExecuteDeleteAsync(ct);
    }
}

/// <summary>What Payments journals (ADR 0112): mandates signed and revoked, payments ordered and their outcome.</summary>
internal static class PaymentsJournal
{
    public static JournalRecord? Describe(EntityEntry entry) => entry.Entity switch
    {
        Mandate m when entry.State == EntityState.Added => new("payments.mandate.signed", m.AccountId, new { mandateId = m.Id, m.Rum, m.MaskedIban }),
        Mandate m when entry.Changed(nameof(Mandate.Status)) => new("payments.mandate.revoked", m.AccountId, new { mandateId = m.Id, reason = m.RevocationReason }),
        Payment p when entry.State == EntityState.Added => new("payments.payment.ordered", p.AccountId,
            new { paymentId = p.Id, p.Period, p.AmountCents, method = p.Method.ToString(), p.CollectionDate }),
        Payment p when entry.Changed(nameof(Payment.Status)) => new($"payments.payment.{p.Status.ToString().ToLowerInvariant()}", p.AccountId,
            new { paymentId = p.Id, p.ReceivedCents, p.ReturnReason }),
        Refund r when entry.State == EntityState.Added => new("payments.refund.requested", r.AccountId,
            new { refundId = r.Id, r.AmountCents, mandateId = r.MandateId, r.ExecutionDate }),
        Refund r when entry.Changed(nameof(Refund.Status)) => new($"payments.refund.{r.Status.ToString().ToLowerInvariant()}", r.AccountId,
            new { refundId = r.Id, r.ReturnReason }),
        _ => null,
    };
}
