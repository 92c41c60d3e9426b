using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Documents.Persistence;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.TestKit;

namespace Urssaf.Modules.Documents.Tests.Integration;

/// <summary>Issue 16 item 5: an older EnterpriseProfileChanged delivered after a newer one never overwrites what documents print.</summary>
public sealed class ProfileVersionTests(UrssafApp app) : DocumentsTestBase(app), IClassFixture<UrssafApp>
{
    private const string Siret = "60382389900019";

    [Fact]
    public async Task An_older_profile_event_does_not_overwrite_a_newer_one_in_Documents()
    {
        var now = App.Clock.GetUtcNow().UtcDateTime;
        await DeliverAsync(Profile(now, "Newer name", "2 avenue Neuve 69001 Lyon"), "documents");
        await DeliverAsync(Profile(now.AddMinutes(-5), "Older name", "1 rue Ancienne 75001 Paris"), "documents");

        var holder = await App.ScopedAsync(sp => sp.GetRequiredService<DocumentsDbContext>().Holders.AsNoTracking().SingleAsync(h => h.Siret == Siret));
        Assert.Equal("Newer name", holder.LegalName);
        Assert.Equal("2 avenue Neuve 69001 Lyon", holder.Address);
    }

    private static EnterpriseProfileChanged Profile(DateTime at, string name, string address) =>
        new(Guid.NewGuid(), at, Siret, name, "6201Z", new DateOnly(2025, 1, 1), ActivityNature.Liberal, ActivityCategory.LiberalBnc, "75",
            DeclarationFrequency.Quarterly, false, false, address);
}
