using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Compliance.Persistence;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.TestKit;

namespace Urssaf.Modules.Compliance.Tests.Integration;

/// <summary>Issue 16 item 5: an older EnterpriseProfileChanged delivered after a newer one never overwrites it.</summary>
public sealed class ProfileVersionTests(UrssafApp app) : IClassFixture<UrssafApp>
{
    [Fact]
    public async Task An_older_profile_event_does_not_overwrite_a_newer_one_in_Compliance()
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        await app.DeliverAsync(Profile(now, "Newer name", DeclarationFrequency.Quarterly));
        await app.DeliverAsync(Profile(now.AddMinutes(-5), "Older name", DeclarationFrequency.Monthly));

        var record = await app.ScopedAsync(sp => sp.GetRequiredService<ComplianceDbContext>().Enterprises.AsNoTracking().SingleAsync(e => e.Siret == Siret));
        Assert.Equal("Newer name", record.LegalName);
        Assert.Equal(DeclarationFrequency.Quarterly, record.Frequency);
    }

    private const string Siret = "48818212200017";

    private static EnterpriseProfileChanged Profile(DateTime at, string name, DeclarationFrequency frequency) =>
        new(Guid.NewGuid(), at, Siret, name, "6201Z", new DateOnly(2025, 1, 1), ActivityNature.Liberal, ActivityCategory.LiberalBnc, "75", frequency, false,
            false, "1 rue X 75001 Paris");
}
