using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Urssaf.Modules.Documents.Domain;
using Urssaf.Modules.Documents.Persistence;
using Urssaf.Modules.Documents.Storage;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Journal;
using Urssaf.SharedKernel.Infrastructure.PersonalData;
using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Documents.Features.PersonalData;

/// <summary>Documents' part of the export: the library's metadata, the holder as printed, the figures of the annual summary, and every PDF.</summary>
internal sealed class DocumentsPersonalData(DocumentsDbContext db, IDocumentStore store, Features.Shared.DocumentIssuer issuer) : IPersonalDataContributor
{
    public string Module => DocumentsDbContext.Schema;

    public async Task WriteJsonAsync(AccountId account, Utf8JsonWriter json, CancellationToken ct)
    {
        // receipts never downloaded are rendered now (ADR 0135): the export holds every PDF, and the hash it lists is the file's
        foreach (var pending in await db.Documents.AsNoTracking().Where(d => d.AccountId == account && d.StorageKey == null && d.Data != null).ToListAsync(ct))
            await issuer.ContentAsync(pending, ct);
        await json.WriteArrayAsync("documents", db.Documents.AsNoTracking().Where(d => d.AccountId == account).OrderBy(d => d.IssuedOnUtc)
            .Select(d => new
            {
                d.Id, d.Type, d.Title, d.Period, d.AmountCents, status = d.Status.ToString(), issuedAt = d.IssuedOnUtc, d.ValidUntil, d.Provisional,
                d.Sha256, d.SizeBytes, file = $"documents/files/{d.Id:N}.pdf",
            }).AsAsyncEnumerable(), ct);
        await json.WriteArrayAsync("holders", db.Holders.AsNoTracking().Where(h => h.AccountId == account)
            .Select(h => new { h.Siret, h.LegalName, h.Address, h.ApeCode, h.ActivityStartDate }).AsAsyncEnumerable(), ct);
        await json.WriteArrayAsync("declaredPeriods", db.DeclaredPeriods.AsNoTracking().Where(p => p.AccountId == account).OrderBy(p => p.PeriodStart)
            .Select(p => new { p.Period, p.Version, p.PeriodStart, p.PeriodEnd, filedAt = p.FiledOnUtc, p.TotalCents }).AsAsyncEnumerable(), ct);
        await json.WriteArrayAsync("paymentReturns", db.PaymentReturns.AsNoTracking().Where(r => r.AccountId == account)
            .Select(r => new { r.PaymentId, r.Period, r.AmountCents, returnedAt = r.ReturnedOnUtc }).AsAsyncEnumerable(), ct);
    }

    public async IAsyncEnumerable<PersonalDataFile> FilesAsync(AccountId account, [EnumeratorCancellation] CancellationToken ct)
    {
        var documents = await db.Documents.AsNoTracking().Where(d => d.AccountId == account).OrderBy(d => d.IssuedOnUtc)
            .Select(d => new { d.Id, d.StorageKey }).ToListAsync(ct); // ids and keys only: the PDFs are streamed one at a time
        foreach (var document in documents)
            if (document.StorageKey is not null && store.OpenRead(document.StorageKey) is { } opened)
            {
                await opened.DisposeAsync();
                yield return new PersonalDataFile($"files/{document.Id:N}.pdf", "application/pdf",
                    _ => Task.FromResult(store.OpenRead(document.StorageKey!) ?? Stream.Null));
            }
    }
}

/// <summary>
/// Attestations, receipts and annual summaries are kept after closure for the legal retention (CSS L.243-15, LPF L.102 B):
/// a third party may still check an attestation it was given. When the retention ends, rows and PDFs go.
/// </summary>
internal sealed class DocumentsRetentionHandler(DocumentsDbContext db, IDocumentStore store) : IIntegrationEventHandler<AccountRetentionEnded>
{
    public async Task Handle(AccountRetentionEnded e, CancellationToken ct)
    {
        var account = new AccountId(e.AccountId);
        foreach (var key in await db.Documents.Where(d => d.AccountId == account && d.StorageKey != null).Select(d => d.StorageKey!).ToListAsync(ct)) store.Delete(key);
        await db.Documents.Where(d => d.AccountId == account).ExecuteDeleteAsync(ct);
        await db.DeclaredPeriods.Where(p => p.AccountId == account).ExecuteDeleteAsync(ct);
        await db.PaymentReturns.Where(r => r.AccountId == account).ExecuteDeleteAsync(ct);
        await db.Holders.Where(h => h.AccountId == account).ExecuteDeleteAsync(ct);
    }
}

/// <summary>What Documents journals (ADR 0112): attestations issued and revoked.</summary>
internal static class DocumentsJournal
{
    public static JournalRecord? Describe(EntityEntry entry) => entry.Entity switch
    {
        Document d when d.Type == DocumentTypes.Attestation && entry.State == EntityState.Added =>
            new("documents.attestation.issued", d.AccountId, new { documentId = d.Id, d.ValidUntil, d.Provisional, d.Sha256 }),
        Document d when d.Type == DocumentTypes.Attestation && entry.Changed(nameof(Document.Status)) =>
            new("documents.attestation.revoked", d.AccountId, new { documentId = d.Id }),
        _ => null,
    };
}
