using Urssaf.Modules.Compliance.Contracts.IntegrationEvents;
using Urssaf.Modules.Documents.Contracts.IntegrationEvents;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Payments.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Identity;
using Urssaf.TestKit;

namespace Urssaf.Modules.Notifications.Tests.Integration;

/// <summary>Payments, Compliance and Documents events become French e-mails with the amounts, each once.</summary>
public sealed class AccountNoticesTests(UrssafApp app) : IClassFixture<UrssafApp>
{
    private async Task<AccountId> ContactAsync(string email)
    {
        var account = AccountId.New();
        await app.DeliverAsync(new AccountActivated(Guid.NewGuid(), app.Clock.GetUtcNow().UtcDateTime, account.Value, "73282932000074", "Inès", "Roy", email, "+33612345678"));
        return account;
    }

    private string BodyOf(string email, string subjectPart) =>
        Assert.Single(app.EmailsTo(email), m => (m.Subject ?? "").Contains(subjectPart, StringComparison.Ordinal)).TextBody ?? "";

    [Fact]
    public async Task Payment_received_return_penalty_attestation_and_mandate_are_each_told_once()
    {
        var account = await ContactAsync("notices@example.test");
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var received = new PaymentReceived(Guid.NewGuid(), now, Guid.NewGuid(), account.Value, "2026-Q1", 258_000, "sepa_debit", new DateOnly(2026, 5, 5), "UAABCDEFGHJKLMNP");
        await app.DeliverAsync(received);
        await app.DeliverAsync(received with { });
        await app.DeliverAsync(new DirectDebitReturned(Guid.NewGuid(), now, Guid.NewGuid(), account.Value, "2026-04", 12_345, "AM04", false));
        await app.DeliverAsync(new PenaltyAssessed(Guid.NewGuid(), now, Guid.NewGuid(), account.Value, "late_declaration", "2026-Q1", 6_100, 0,
            new DateOnly(2026, 6, 4), "CSS R613-9", 1));
        await app.DeliverAsync(new PenaltyAssessed(Guid.NewGuid(), now, Guid.NewGuid(), account.Value, "late_payment", "2026-03", 5_400, 5_200,
            new DateOnly(2026, 6, 4), "CSS R243-16", 2));
        await app.DeliverAsync(new AttestationIssued(Guid.NewGuid(), now, Guid.NewGuid(), account.Value, false, new DateOnly(2026, 5, 4), new DateOnly(2026, 11, 4)));
        await app.DeliverAsync(new MandateSigned(Guid.NewGuid(), now, account.Value, Guid.NewGuid(), "URSSAF-ABCDEFGHJKLMNPQRSTUV", "FR76*******************0189",
            new DateOnly(2026, 5, 4)));
        await app.DrainAsync();

        Assert.Matches(@"2\s580,00 €", BodyOf("notices@example.test", "Paiement reçu pour la période 2026-Q1")); // French group separator
        Assert.Contains("provision insuffisante", BodyOf("notices@example.test", "prélèvement pour la période 2026-04 a été rejeté"), StringComparison.Ordinal);
        Assert.Contains("61,00 €", BodyOf("notices@example.test", "Pénalité de retard de déclaration (2026-Q1)"), StringComparison.Ordinal);
        var majoration = BodyOf("notices@example.test", "Majorations de retard de paiement (2026-03)");
        Assert.Contains("54,00 €", majoration, StringComparison.Ordinal);
        Assert.Contains("R243-16", majoration, StringComparison.Ordinal);
        Assert.Contains("4 novembre 2026", BodyOf("notices@example.test", "attestation de vigilance est disponible"), StringComparison.Ordinal);
        var mandate = BodyOf("notices@example.test", "mandat de prélèvement a été enregistré");
        Assert.Contains("FR76*******************0189", mandate, StringComparison.Ordinal);
        Assert.Equal(6, app.EmailsTo("notices@example.test").Count);
    }

    /// <summary>CSS R243-20: the outcome of a remission request is told, with what was remitted and what is left.</summary>
    [Fact]
    public async Task A_remission_decision_is_told()
    {
        var account = await ContactAsync("remission@example.test");
        await app.DeliverAsync(new RemissionDecided(Guid.NewGuid(), app.Clock.GetUtcNow().UtcDateTime, Guid.NewGuid(), Guid.NewGuid(), account.Value, "2026-Q1",
            true, 5_000, 400, "Premier retard."));
        await app.DrainAsync();
        var body = BodyOf("remission@example.test", "Remise de majorations accordée (2026-Q1)");
        Assert.Contains("50,00 €", body, StringComparison.Ordinal);
        Assert.Contains("4,00 €", body, StringComparison.Ordinal);
        Assert.Contains("R243-20", body, StringComparison.Ordinal);
        Assert.Contains("Premier retard.", body, StringComparison.Ordinal);
    }
}
