using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Declarations.Contracts.IntegrationEvents;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Payments.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Messaging;
using Urssaf.TestKit;
using UglyToad.PdfPig;
using Urssaf.TestKit.Builders;

namespace Urssaf.Modules.Documents.Tests.Integration;

/// <summary>Accounts known to Documents, Compliance and Declarations through their real inboxes.</summary>
public abstract class DocumentsTestBase(UrssafApp app)
{
    protected UrssafApp App => app;

    protected async Task DeliverAsync<T>(T e, params string[] modules) where T : IIntegrationEvent
    {
        foreach (var module in modules)
            await app.DeliverToAsync(module, e);
        await app.DrainAsync();
    }

    protected async Task<AccountId> EnterpriseAsync(string siret, DateOnly activityStart, string name = "Élodie Gérard")
    {
        var account = AccountId.New();
        await DeliverAsync(new EnterpriseProfileChanged(Guid.NewGuid(), DateTime.UtcNow, siret, name, "6201Z", activityStart, ActivityNature.Liberal,
            ActivityCategory.LiberalBnc, "75", DeclarationFrequency.Quarterly, false, false, "12 rue de l'Église 75001 Paris"), "documents", "compliance", "declarations");
        await DeliverAsync(new AccountActivated(Guid.NewGuid(), DateTime.UtcNow, account.Value, siret, "Élodie", "Gérard", "elodie@example.fr", "+33612345678"),
            "documents", "compliance", "declarations");
        return account;
    }

    protected DeclarationFiled Filed(AccountId account, string period, long totalCents, int version = 1) =>
        new(Guid.NewGuid(), app.Clock.GetUtcNow().UtcDateTime, Guid.NewGuid(), account.Value, "73282932000074", period, new DateOnly(2026, 1, 1),
            new DateOnly(2026, 3, 31), new DateOnly(2026, 4, 30), new DateTime(2026, 4, 30, 21, 59, 59, DateTimeKind.Utc), app.Clock.GetUtcNow().UtcDateTime.AddDays(-10),
            false, version, [new DeclaredLine(ActivityCategory.LiberalBnc, 10_000, 25.6m, totalCents - 2_000)], totalCents - 2_000, 2_000, 0, 0, totalCents);

    /// <summary>Up to date: Q1 filed and paid.</summary>
    protected async Task<AccountId> RegularAsync(string siret)
    {
        var account = await EnterpriseAsync(siret, new DateOnly(2024, 1, 10));
        await DeliverAsync(Filed(account, "2026-Q1", 258_000), "compliance");
        await DeliverAsync(An.ObligationChanged(account.Value, "2026-Q1", 258_000, paidCents: 258_000, revision: 3), "compliance");
        return account;
    }

    protected static string TextOf(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        // words joined by single spaces; French narrow and non-breaking spaces read as spaces
        return string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text)).Replace('\u202f', ' ').Replace('\u00a0', ' ');
    }

    protected static PaymentReceived Received(AccountId account, string period, long cents) =>
        new(Guid.NewGuid(), DateTime.UtcNow, Guid.NewGuid(), account.Value, period, cents, "transfer", new DateOnly(2026, 5, 5), "UAABCDEFGHJKLMNP");
}
