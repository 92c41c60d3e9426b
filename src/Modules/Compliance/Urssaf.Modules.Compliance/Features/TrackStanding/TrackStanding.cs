using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Compliance.Contracts.IntegrationEvents;
using Urssaf.Modules.Compliance.Domain;
using Urssaf.Modules.Compliance.Persistence;
using Urssaf.Modules.Declarations.Contracts.IntegrationEvents;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Payments.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Time;
using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Compliance.Features.TrackStanding;

/// <summary>The enterprise from the formalities feed (newest profile wins), and its account once activated.</summary>
internal sealed class EnterpriseHandler(ComplianceDbContext db) : IIntegrationEventHandler<EnterpriseProfileChanged>, IIntegrationEventHandler<AccountActivated>
{
    public async Task Handle(EnterpriseProfileChanged e, CancellationToken ct)
    {
        var record = await FindOrAddAsync(e.Siret, ct);
        if (record.ProfileUpdatedOnUtc > e.OccurredOnUtc) return; // an older profile than the one kept (events may arrive out of order)
        record.ProfileUpdatedOnUtc = e.OccurredOnUtc;
        (record.LegalName, record.ActivityStartDate, record.Frequency) = (e.LegalName, e.ActivityStartDate, e.DeclarationFrequency);
    }

    public async Task Handle(AccountActivated e, CancellationToken ct)
    {
        var account = new AccountId(e.AccountId);
        (await FindOrAddAsync(e.Siret, ct)).AccountId = account;
        // the dashboard's row from the start (ADR 0136): its first view then writes once, not twice
        if (await Shared.DashboardViews.FindAsync(db, account) is null)
            db.DashboardViews.Add(new DashboardView { AccountId = account, Version = 1, ValidUntilUtc = DateTime.MinValue });
    }

    private async Task<EnterpriseRecord> FindOrAddAsync(string siret, CancellationToken ct)
    {
        var record = await db.Enterprises.SingleOrDefaultAsync(x => x.Siret == siret, ct);
        if (record is null) db.Enterprises.Add(record = new EnterpriseRecord { Siret = siret });
        return record;
    }
}

/// <summary>The declarations an account owes and those it filed (R613-8 due dates as Declarations computed them).</summary>
internal sealed class DeclarationProjectionHandler(ComplianceDbContext db)
    : IIntegrationEventHandler<DeclarationPeriodOpened>, IIntegrationEventHandler<DeclarationFiled>, IIntegrationEventHandler<DeclarationCorrected>
{
    public async Task Handle(DeclarationPeriodOpened e, CancellationToken ct) => await FindOrAddAsync(e.AccountId, e.Period, e.DueDate, e.DeadlineUtc, ct);

    public async Task Handle(DeclarationFiled e, CancellationToken ct)
    {
        var row = await FindOrAddAsync(e.AccountId, e.Period, e.DueDate, e.DeadlineUtc, ct);
        row.FiledOnUtc ??= e.SubmittedAtUtc;
        row.FiledLate = e.FiledLate;
        if (row.TotalCents == 0) row.TotalCents = e.TotalCents;
        if (e.Version >= row.TurnoverVersion) await ReplaceTurnoverAsync(row, e.Period, e.Lines, e.Version, ct);
        await ReplaceFlatRateTaxationAsync(e, ct);
    }

    /// <summary>
    /// CSS R613-10: a declaration filed after the flat-rate taxation replaces it (its contributions are owed instead, through
    /// Payments) and the penalty for that declaration becomes 3 % of the contributions due (social contributions and CFP, the base
    /// of the taxation), instead of R613-9's fixed amount.
    /// </summary>
    private async Task ReplaceFlatRateTaxationAsync(DeclarationFiled e, CancellationToken ct)
    {
        var key = $"{new AccountId(e.AccountId)}:{e.Period}";
        var taxation = await db.Penalties.SingleOrDefaultAsync(p => p.Kind == PenaltyKinds.FlatRateTaxation && p.SourceKey == key, ct);
        if (taxation is not { AmountCents: > 0 }) return;
        Lower(taxation, 0, e.OccurredOnUtc);
        if (await db.Penalties.SingleOrDefaultAsync(p => p.Kind == PenaltyKinds.LateDeclaration && p.SourceKey == key, ct) is { } late)
            Lower(late, ((e.SocialContributionsCents + e.TrainingContributionCents) * 3 + 50) / 100, e.OccurredOnUtc); // 3 %, to the cent, halves up
    }

    private void Lower(Penalty penalty, long cents, DateTime now)
    {
        var previous = penalty.AmountCents;
        penalty.AmountCents = cents;
        penalty.Version++;
        db.AddIntegrationEvent(new PenaltyAssessed(Guid.CreateVersion7(), now, penalty.Id, penalty.AccountId.Value, penalty.Kind, penalty.Period, cents, previous,
            penalty.DueDate, "CSS R613-10", penalty.Version));
    }

    public async Task Handle(DeclarationCorrected e, CancellationToken ct)
    {
        var row = await FindOrAddAsync(e.AccountId, e.Period, e.DueDate, e.DeadlineUtc, ct);
        row.FiledOnUtc ??= e.CorrectedAtUtc;
        row.TotalCents = e.TotalCents;
        if (e.Version >= row.TurnoverVersion) await ReplaceTurnoverAsync(row, e.Period, e.Lines, e.Version, ct);
    }

    /// <summary>The declaration's turnover by civil year (a split line counts in its part's year), newest version kept.</summary>
    private async Task ReplaceTurnoverAsync(ExpectedDeclaration row, string period, IReadOnlyList<DeclaredLine> lines, int version, CancellationToken ct)
    {
        row.TurnoverVersion = version;
        var account = row.AccountId;
        db.DeclaredTurnovers.RemoveRange(await db.DeclaredTurnovers.Where(t => t.AccountId == account && t.Period == period).ToListAsync(ct));
        foreach (var year in lines.GroupBy(l => YearOf(l.Period ?? period)))
        {
            var sum = year.Aggregate(new YearTurnover(), (total, l) => total + YearTurnover.Of(l.Category, l.Turnover));
            db.DeclaredTurnovers.Add(new DeclaredTurnover
            {
                AccountId = account, Period = period, Year = year.Key, Sales = sum.Sales, Services = sum.Services, FurnishedTourism = sum.FurnishedTourism,
            });
        }
    }

    private static int YearOf(string period) => int.Parse(period.AsSpan(0, 4), System.Globalization.CultureInfo.InvariantCulture);

    private async Task<ExpectedDeclaration> FindOrAddAsync(Guid accountId, string period, DateOnly due, DateTime deadline, CancellationToken ct)
    {
        var account = new AccountId(accountId);
        var row = await db.ExpectedDeclarations.SingleOrDefaultAsync(x => x.AccountId == account && x.Period == period, ct);
        if (row is null)
            db.ExpectedDeclarations.Add(row = new ExpectedDeclaration { AccountId = account, Period = period, DueDate = due, DeadlineUtc = deadline });
        return row;
    }
}

/// <summary>Payments' obligations and payment statuses, newest revision kept whatever the arrival order.</summary>
internal sealed class PaymentProjectionHandler(ComplianceDbContext db, TimeProvider clock)
    : IIntegrationEventHandler<ObligationChanged>, IIntegrationEventHandler<PaymentStatusChanged>
{
    public async Task Handle(ObligationChanged e, CancellationToken ct)
    {
        var row = await db.Obligations.SingleOrDefaultAsync(x => x.ObligationId == e.ObligationId, ct);
        if (row is null) db.Obligations.Add(row = new ObligationState { ObligationId = e.ObligationId, Revision = -1 });
        if (e.Revision <= row.Revision) return;
        row.AccountId = new AccountId(e.AccountId);
        row.Kind = e.Kind;
        row.SourceId = e.SourceId;
        row.Period = e.Period;
        row.AmountCents = e.AmountCents;
        row.PaidCents = e.PaidCents;
        row.PendingCents = e.PendingCents;
        row.UncoveredCents = Math.Max(0, e.AmountCents - e.PaidCents - e.PendingCents);
        row.LateReceipts = LateReceiptsText.Format(e.LateReceipts is { } receipts
            ? receipts.Select(r => (r.On, r.Cents))
            : UndatedReceipts(LateReceiptsText.Parse(row.LateReceipts), row.PaidLateCents, e.PaidLateCents));
        row.PaidLateCents = e.PaidLateCents;
        row.PendingLateCents = e.PendingLateCents;
        row.PlanPendingCents = e.PlanPendingCents;
        row.DueDate = e.DueDate;
        row.Revision = e.Revision;
        // when the contributions were paid, for the 30 days of R243-20
        if (e.AmountCents > 0 && e.PaidCents >= e.AmountCents)
            row.SettledOn ??= FrenchTime.DateInParis(e.OccurredOnUtc);
        else
            row.SettledOn = null;
    }

    /// <summary>
    /// An event from a publisher that predates <see cref="ObligationChanged.LateReceipts"/>: late money not seen before is dated the
    /// day it is seen; a decrease removes the newest receipts first.
    /// </summary>
    private List<(DateOnly On, long Cents)> UndatedReceipts(List<(DateOnly On, long Cents)> known, long previousPaidLate, long paidLate)
    {
        if (paidLate > previousPaidLate) known.Add((clock.Today(), paidLate - previousPaidLate));
        var excess = known.Sum(r => r.Cents) - paidLate;
        for (var i = known.Count - 1; i >= 0 && excess > 0; i--)
        {
            var take = Math.Min(excess, known[i].Cents);
            known[i] = (known[i].On, known[i].Cents - take);
            excess -= take;
        }

        return known;
    }

    public async Task Handle(PaymentStatusChanged e, CancellationToken ct)
    {
        var row = await db.Payments.SingleOrDefaultAsync(x => x.PaymentId == e.PaymentId, ct);
        if (row is null) db.Payments.Add(row = new PaymentState { PaymentId = e.PaymentId, Revision = -1 });
        if (e.Revision <= row.Revision) return;
        row.AccountId = new AccountId(e.AccountId);
        row.Period = e.Period;
        row.AmountCents = e.AmountCents;
        row.Method = e.Method;
        row.Status = e.Status;
        row.CollectionDate = e.CollectionDate;
        row.UpdatedOnUtc = e.OccurredOnUtc;
        row.Revision = e.Revision;
    }
}
