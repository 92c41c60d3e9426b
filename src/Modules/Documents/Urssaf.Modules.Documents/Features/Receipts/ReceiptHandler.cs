using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Declarations.Contracts.IntegrationEvents;
using Urssaf.Modules.Documents.Domain;
using Urssaf.Modules.Documents.Persistence;
using Urssaf.Modules.Documents.Rendering;
using Urssaf.Modules.Payments.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Messaging;
using Urssaf.Modules.Documents.Features.Shared;

namespace Urssaf.Modules.Documents.Features.Receipts;

/// <summary>
/// A receipt per filed declaration version (accusé de réception with the amounts) and per payment received; an event
/// delivered twice finds its document already there. The receipt is issued as its data only: the PDF is rendered and
/// signed on its first download (ADR 0135), as most receipts are never downloaded.
/// </summary>
internal sealed class ReceiptHandler(DocumentsDbContext db)
    : IIntegrationEventHandler<DeclarationFiled>, IIntegrationEventHandler<DeclarationCorrected>, IIntegrationEventHandler<PaymentReceived>,
      IIntegrationEventHandler<DirectDebitReturned>
{
    public async Task Handle(DeclarationFiled e, CancellationToken ct)
    {
        await KeepFiguresAsync(e.AccountId, e.Period, e.Version, e.PeriodStart, e.PeriodEnd, e.SubmittedAtUtc, e.Lines, e.SocialContributionsCents,
            e.TrainingContributionCents, e.ChamberTaxCents, e.IncomeTaxCents, e.TotalCents, ct);
        await DeclarationAsync(e.AccountId, e.DeclarationId, e.Version,
            new DeclarationReceiptData(e.Period, e.PeriodStart, e.PeriodEnd, e.DueDate, e.SubmittedAtUtc, e.Version, Lines(e.Lines), e.TrainingContributionCents,
                e.ChamberTaxCents, e.IncomeTaxCents, e.TotalCents,
                e.AutomaticDebit is { } d ? $"{PdfPage.Euros(d.AmountCents)} le {PdfPage.Day(d.CollectionDate)} (mandat {d.Rum}, compte {d.MaskedIban})" : null),
            e.SubmittedAtUtc, ct);
    }

    public async Task Handle(DeclarationCorrected e, CancellationToken ct)
    {
        await KeepFiguresAsync(e.AccountId, e.Period, e.Version, e.PeriodStart, e.PeriodEnd, e.CorrectedAtUtc, e.Lines, e.SocialContributionsCents,
            e.TrainingContributionCents, e.ChamberTaxCents, e.IncomeTaxCents, e.TotalCents, ct);
        await DeclarationAsync(e.AccountId, e.DeclarationId, e.Version,
            new DeclarationReceiptData(e.Period, e.PeriodStart, e.PeriodEnd, e.DueDate, e.CorrectedAtUtc, e.Version, Lines(e.Lines), e.TrainingContributionCents,
                e.ChamberTaxCents, e.IncomeTaxCents, e.TotalCents), e.CorrectedAtUtc, ct);
    }

    /// <summary>
    /// A debit returned after its receipt was issued no longer counts as paid in the annual summary. A debit cancelled before
    /// it was ever collected has no receipt: nothing to undo.
    /// </summary>
    public async Task Handle(DirectDebitReturned e, CancellationToken ct)
    {
        var source = $"return:{e.PaymentId}:{e.EventId}";
        var received = $"payment:{e.PaymentId}:";
        if (await db.PaymentReturns.AnyAsync(r => r.SourceKey == source, ct)) return;
        if (!await db.Documents.AnyAsync(d => d.Type == DocumentTypes.PaymentReceipt && d.SourceKey.StartsWith(received), ct)) return;
        db.PaymentReturns.Add(new PaymentReturn
        {
            SourceKey = source, AccountId = new AccountId(e.AccountId), PaymentId = e.PaymentId, Period = e.Period, AmountCents = e.AmountCents,
            ReturnedOnUtc = e.OccurredOnUtc,
        });
    }

    /// <summary>The newest version of each period's figures, for the annual summary; an older version delivered late changes nothing.</summary>
    private async Task KeepFiguresAsync(Guid accountId, string period, int version, DateOnly start, DateOnly end, DateTime at, IReadOnlyList<DeclaredLine> lines,
        long social, long training, long chamber, long incomeTax, long total, CancellationToken ct)
    {
        var account = new AccountId(accountId);
        var kept = await db.DeclaredPeriods.SingleOrDefaultAsync(d => d.AccountId == account && d.Period == period, ct);
        if (kept is not null && kept.Version >= version) return;
        if (kept is null) db.DeclaredPeriods.Add(kept = new DeclaredPeriod { AccountId = account, Period = period });
        kept.Version = version;
        (kept.PeriodStart, kept.PeriodEnd, kept.FiledOnUtc) = (start, end, at);
        kept.Lines = DeclaredPeriod.WriteLines(lines.Select(l => new TurnoverLine(l.Category, l.Turnover, l.SocialContributionsCents)));
        (kept.SocialContributionsCents, kept.TrainingContributionCents, kept.ChamberTaxCents, kept.IncomeTaxCents, kept.TotalCents) =
            (social, training, chamber, incomeTax, total);
    }

    public async Task Handle(PaymentReceived e, CancellationToken ct)
    {
        var source = $"payment:{e.PaymentId}:{e.EventId}";
        if (await db.Documents.AnyAsync(d => d.SourceKey == source, ct)) return;
        var holder = await HolderAsync(e.AccountId, ct);
        var document = New(e.AccountId, source, DocumentTypes.PaymentReceipt, $"Reçu de paiement {e.Period}", e.Period, e.AmountCents, e.OccurredOnUtc);
        document.Data = DocumentData.Write(holder, new PaymentReceiptData(e.Period, e.AmountCents, e.Method, e.ReceivedOn, e.Reference));
        db.Documents.Add(document);
    }

    private async Task DeclarationAsync(Guid accountId, Guid declarationId, int version, DeclarationReceiptData data, DateTime at, CancellationToken ct)
    {
        var source = $"declaration:{declarationId}:v{version}";
        if (await db.Documents.AnyAsync(d => d.SourceKey == source, ct)) return;
        var holder = await HolderAsync(accountId, ct);
        var title = version == 1 ? $"Accusé de réception {data.Period}" : $"Accusé de réception {data.Period} (rectification {version - 1})";
        var document = New(accountId, source, DocumentTypes.DeclarationReceipt, title, data.Period, data.Total, at);
        document.Data = DocumentData.Write(holder, data);
        db.Documents.Add(document);
    }

    /// <summary>
    /// The enterprise the receipt is for. Not known yet means the activation has not reached this module: the delivery
    /// fails and is retried (a receipt is never silently skipped).
    /// </summary>
    private async Task<Holder> HolderAsync(Guid accountId, CancellationToken ct)
    {
        var account = new AccountId(accountId);
        return await db.Holders.AsNoTracking().FirstOrDefaultAsync(h => h.AccountId == account, ct)
               ?? throw new InvalidOperationException("No enterprise is known for this account yet; the delivery is retried.");
    }

    private static Document New(Guid accountId, string source, string type, string title, string period, long amount, DateTime at) => new()
    {
        Id = DocumentIssuer.IdFor(source), AccountId = new AccountId(accountId), Type = type, Title = title, Period = period, AmountCents = amount,
        Status = DocumentStatus.Issued, IssuedOnUtc = at, SourceKey = source,
    };

    private static List<ReceiptLine> Lines(IReadOnlyList<DeclaredLine> lines) =>
        lines.Select(l => new ReceiptLine(CategoryName(l.Category), l.Turnover, l.RatePercent, l.SocialContributionsCents)).ToList();

    internal static string CategoryName(ActivityCategory category) => category switch
    {
        ActivityCategory.Sales => "Ventes de marchandises",
        ActivityCategory.ServicesBic => "Prestations de services (BIC)",
        ActivityCategory.LiberalBnc => "Activité libérale (BNC)",
        ActivityCategory.LiberalCipav => "Activité libérale (CIPAV)",
        _ => "Meublés de tourisme classés",
    };
}
