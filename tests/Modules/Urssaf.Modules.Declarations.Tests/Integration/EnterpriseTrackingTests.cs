using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Declarations.Persistence;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.TestKit;

namespace Urssaf.Modules.Declarations.Tests.Integration;

/// <summary>Identity's events, delivered through the real inbox, keep Declarations' enterprise copy.</summary>
public sealed class EnterpriseTrackingTests(UrssafApp app) : IClassFixture<UrssafApp>
{

    [Fact]
    public async Task The_profile_then_the_activation_link_the_enterprise_to_the_account_in_either_order()
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var account = Guid.NewGuid();
        await Deliver(new AccountActivated(Guid.NewGuid(), now, account, "90133913527693", "Ana", "Lopez", "ana@example.test", "+33612345678"));
        await Deliver(new EnterpriseProfileChanged(Guid.NewGuid(), now, "90133913527693", "Ana Lopez", "7410Z", new DateOnly(2025, 9, 1),
            ActivityNature.Liberal, ActivityCategory.LiberalBnc, "974", DeclarationFrequency.Monthly, true, false, "Saint-Denis"));
        await app.DrainAsync();

        var enterprise = await app.ScopedAsync(sp => sp.GetRequiredService<DeclarationsDbContext>().Enterprises.AsNoTracking().SingleAsync(e => e.Siret == "90133913527693"));
        Assert.Equal(account, enterprise.AccountId?.Value);
        Assert.Equal("974", enterprise.Department);
        Assert.True(enterprise.HasProfile);
    }

    [Fact]
    public async Task An_older_profile_event_does_not_overwrite_a_newer_one()
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        await Deliver(new EnterpriseProfileChanged(Guid.NewGuid(), now, "74053248607863", "X", "4711D", new DateOnly(2025, 1, 1),
            ActivityNature.Commercial, ActivityCategory.Sales, "57", DeclarationFrequency.Quarterly, false, false, "Metz"));
        await Deliver(new EnterpriseProfileChanged(Guid.NewGuid(), now.AddMinutes(-5), "74053248607863", "X", "4711D", new DateOnly(2025, 1, 1),
            ActivityNature.Commercial, ActivityCategory.Sales, "75", DeclarationFrequency.Monthly, false, false, "Paris"));
        await app.DrainAsync();
        var enterprise = await app.ScopedAsync(sp => sp.GetRequiredService<DeclarationsDbContext>().Enterprises.AsNoTracking().SingleAsync(e => e.Siret == "74053248607863"));
        Assert.Equal(DeclarationFrequency.Quarterly, enterprise.DeclarationFrequency);
    }

    private Task Deliver<T>(T e) where T : SharedKernel.Messaging.IIntegrationEvent =>
        app.DeliverToAsync("declarations", e);
}
