using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Urssaf.Modules.Payments.Contracts.IntegrationEvents;
using Urssaf.Modules.Payments.Domain;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.Modules.Payments.Persistence;

/// <summary>The Payments module's data, in schema <c>payments</c> (SQL Server) or file <c>payments.db</c> (SQLite).</summary>
internal abstract class PaymentsDbContext(DbContextOptions options) : ModuleDbContext(options, Schema)
{
    public const string Schema = "payments";

    public DbSet<Obligation> Obligations => Set<Obligation>();
    public DbSet<Mandate> Mandates => Set<Mandate>();
    public DbSet<Payment> Payments => Set<Payment>();
    public DbSet<Collection> Collections => Set<Collection>();
    public DbSet<PaymentAllocation> PaymentAllocations => Set<PaymentAllocation>();
    public DbSet<SepaBatch> SepaBatches => Set<SepaBatch>();
    public DbSet<BankStatementImport> BankStatementImports => Set<BankStatementImport>();
    public DbSet<BankEntry> BankEntries => Set<BankEntry>();
    public DbSet<CardNotification> CardNotifications => Set<CardNotification>();
    public DbSet<PaymentPlan> PaymentPlans => Set<PaymentPlan>();
    public DbSet<PlanInstalment> PlanInstalments => Set<PlanInstalment>();
    public DbSet<Refund> Refunds => Set<Refund>();
    public DbSet<RefundPart> RefundParts => Set<RefundPart>();
    public DbSet<CreditTransferBatch> CreditTransferBatches => Set<CreditTransferBatch>();

    protected override bool HasJournal => true;

    /// <summary>
    /// Every change of an obligation or a payment's status is published with it, in the same transaction
    /// (state events for Compliance): no code path can change money without telling.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        var changed = ChangeTracker.Entries<Obligation>().Where(e => e.State is EntityState.Added or EntityState.Modified).ToList();
        var lateness = await LatenessAsync(changed.Where(e => e.State == EntityState.Modified).Select(e => e.Entity.Id).ToList(), cancellationToken);
        foreach (var entry in changed)
            Publish(entry, lateness);
        foreach (var entry in ChangeTracker.Entries<PaymentPlan>().Where(e => e.State is EntityState.Added
                     || (e.State == EntityState.Modified && !Equals(e.Property(p => p.Status).OriginalValue, e.Entity.Status))).ToList())
        {
            var plan = entry.Entity;
            var next = plan.Instalments.OrderBy(i => i.DueDate).FirstOrDefault(i => i.DueDate >= DateOnly.FromDateTime(plan.UpdatedOnUtc));
            AddIntegrationEvent(new PaymentPlanChanged(Guid.CreateVersion7(), plan.UpdatedOnUtc, plan.Id, plan.AccountId.Value, PaymentNames.Of(plan.Status),
                plan.TotalCents, plan.Instalments.Count, next?.DueDate, plan.Revision, plan.Instalments.OrderBy(i => i.Number).FirstOrDefault()?.AmountCents ?? 0,
                plan.DecisionNote, plan.RestDueCents ?? 0));
        }

        foreach (var entry in ChangeTracker.Entries<Payment>().Where(e => e.State is EntityState.Added || StatusChanged(e)).ToList())
        {
            var p = entry.Entity;
            AddIntegrationEvent(new PaymentStatusChanged(Guid.CreateVersion7(), p.UpdatedOnUtc, p.Id, p.AccountId.Value, p.Period, p.AmountCents,
                PaymentNames.Of(p.Method), PaymentNames.Of(p.Status), p.CollectionDate, p.Revision));
        }

        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// CSS R243-16 applies to what was not paid by the due date, judged per obligation: the direct debits of each obligation and
    /// the parts of transfers allocated to it (those stored, and those added in this unit of work) split into what came late
    /// (<see cref="Lateness"/>). One query per table for all of them.
    /// </summary>
    private async Task<Dictionary<Guid, (Lateness.Late Late, long Plan)>> LatenessAsync(List<Guid> obligationIds, CancellationToken ct)
    {
        if (obligationIds.Count > 0)
        {
            await Payments.Include(p => p.Collections).Where(p => obligationIds.Contains(p.ObligationId)).LoadAsync(ct);
            await PaymentAllocations.Where(a => obligationIds.Contains(a.ObligationId)).LoadAsync(ct);
            // transfers recorded before allocations existed have none: they are judged whole against their own obligation
            var transfers = Payments.Local.Where(p => p.Method == PaymentMethod.Transfer).Select(p => p.Id).ToList();
            await PaymentAllocations.Where(a => transfers.Contains(a.PaymentId)).LoadAsync(ct);
        }

        var obligations = ChangeTracker.Entries<Obligation>().ToDictionary(e => e.Entity.Id, e => e.Entity);
        var allocated = PaymentAllocations.Local.Select(a => a.PaymentId).ToHashSet();
        var payments = Payments.Local.Where(p => obligations.ContainsKey(p.ObligationId)).ToLookup(p => p.ObligationId);
        var allocations = PaymentAllocations.Local.Where(a => obligations.ContainsKey(a.ObligationId)).ToLookup(a => a.ObligationId);
        return obligations.Keys.Where(id => payments.Contains(id) || allocations.Contains(id))
            .ToDictionary(id => id, id => (Lateness.Of(payments[id], allocations[id], allocated, obligations[id].DueDate, obligations[id].AmountCents),
                Lateness.PlanPending(payments[id])));
    }

    private static bool StatusChanged(EntityEntry<Payment> entry) =>
        entry.State == EntityState.Modified && !Equals(entry.Property(p => p.Status).OriginalValue, entry.Entity.Status);

    private void Publish(EntityEntry<Obligation> entry, Dictionary<Guid, (Lateness.Late Late, long Plan)> lateness)
    {
        var o = entry.Entity;
        var wasSettled = entry.State == EntityState.Modified
                         && entry.Property(x => x.PaidCents).OriginalValue >= entry.Property(x => x.AmountCents).OriginalValue;
        o.Revision++;
        var kind = o.Kind == ObligationKind.Declaration ? "declaration" : "penalty";
        AddIntegrationEvent(new ObligationChanged(Guid.CreateVersion7(), o.UpdatedOnUtc, o.Id, o.AccountId.Value, kind, o.SourceId, o.Period,
            o.AmountCents, o.PaidCents, o.PendingCents, o.DueDate, o.Revision,
            o.Kind == ObligationKind.Declaration && lateness.TryGetValue(o.Id, out var late) ? Math.Min(late.Late.Paid, o.PaidCents) : 0,
            o.Kind == ObligationKind.Declaration && lateness.TryGetValue(o.Id, out late) ? Math.Min(late.Late.Pending, o.PendingCents) : 0,
            lateness.TryGetValue(o.Id, out late) ? Math.Min(late.Plan, o.PendingCents) : 0,
            o.Kind == ObligationKind.Declaration && lateness.TryGetValue(o.Id, out late) ? late.Late.Receipts : []));
        if (o.IsSettled && !wasSettled && o.AmountCents > 0)
            AddIntegrationEvent(new ObligationSettled(Guid.CreateVersion7(), o.UpdatedOnUtc, o.Id, o.AccountId.Value, kind, o.SourceId, o.Period, o.AmountCents));
    }
}

internal sealed class PaymentsSqlServerDbContext(DbContextOptions<PaymentsSqlServerDbContext> options) : PaymentsDbContext(options);

internal sealed class PaymentsSqliteDbContext(DbContextOptions<PaymentsSqliteDbContext> options) : PaymentsDbContext(options);

/// <summary>The API's snake_case names of methods and statuses.</summary>
internal static class PaymentNames
{
    public static string Of(PaymentMethod method) => method switch
    {
        PaymentMethod.SepaDebit => "sepa_debit",
        PaymentMethod.Card => "card",
        _ => "transfer",
    };

    public static string Of(PaymentStatus status) => status switch
    {
        PaymentStatus.Scheduled => "scheduled",
        PaymentStatus.Submitted => "submitted",
        PaymentStatus.AwaitingTransfer => "awaiting_transfer",
        PaymentStatus.Paid => "paid",
        PaymentStatus.Pending => "pending",
        PaymentStatus.Failed => "failed",
        PaymentStatus.Expired => "expired",
        PaymentStatus.Cancelled => "cancelled",
        _ => "returned",
    };

    public static string Of(PlanStatus status) => status switch
    {
        PlanStatus.UnderReview => "under_review",
        PlanStatus.CounterProposed => "counter_proposed",
        PlanStatus.Approved => "approved",
        PlanStatus.Refused => "refused",
        PlanStatus.Completed => "completed",
        _ => "defaulted",
    };

    public static string Of(RefundStatus status) => status switch
    {
        RefundStatus.Requested => "requested",
        RefundStatus.Submitted => "submitted",
        RefundStatus.Settled => "settled",
        _ => "returned",
    };
}
