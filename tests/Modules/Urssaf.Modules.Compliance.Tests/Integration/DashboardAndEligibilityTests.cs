using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Compliance.Contracts.Queries;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Identity;
using Urssaf.TestKit;

namespace Urssaf.Modules.Compliance.Tests.Integration;

public sealed class DashboardAndEligibilityTests(UrssafApp app) : IClassFixture<UrssafApp>
{
    private async Task<AccountId> EnterpriseAsync(string siret, DateOnly activityStart)
    {
        var account = AccountId.New();
        var profile = new EnterpriseProfileChanged(Guid.NewGuid(), DateTime.UtcNow, siret, "Claire Martin", "6201Z", activityStart, ActivityNature.Liberal,
            ActivityCategory.LiberalBnc, "75", DeclarationFrequency.Quarterly, false, false, "1 rue X 75001 Paris");
        var activated = new AccountActivated(Guid.NewGuid(), DateTime.UtcNow, account.Value, siret, "Claire", "Martin", "claire@example.fr", "+33612345678");
        foreach (var module in new[] { "compliance", "declarations" })
        {
            await app.DeliverAsync(profile, module);
            await app.DeliverAsync(activated, module);
        }

        return account;
    }

    private async Task<AttestationEligibility> EligibilityAsync(AccountId account)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new GetAttestationEligibility(account.Value));
    }

    [Fact]
    public async Task A_new_business_gets_a_provisional_attestation_until_its_first_due_date()
    {
        var account = await EnterpriseAsync("40483304800022", new DateOnly(2026, 4, 15)); // first period: Q3 2026, due 31 October
        var eligibility = await EligibilityAsync(account);
        Assert.True(eligibility.Eligible);
        Assert.True(eligibility.Provisional);
        Assert.Equal(new DateOnly(2026, 10, 31), eligibility.ValidUntil);
    }

    [Fact]
    public async Task A_missing_declaration_refuses_with_the_reason_and_an_up_to_date_account_is_eligible()
    {
        var late = await EnterpriseAsync("44306184100047", new DateOnly(2024, 1, 10));
        await app.PeriodOpenedAsync(late, "2026-Q1", "2026-04-30");
        var refused = await EligibilityAsync(late);
        Assert.False(refused.Eligible);
        Assert.Equal("declaration.missing", Assert.Single(refused.Reasons).Code);

        var regular = await EnterpriseAsync("55208131766522", new DateOnly(2024, 1, 10));
        await app.FiledAsync(regular, "2026-Q1", "2026-04-30", 10_000);
        await app.ObligationAsync(regular, Guid.NewGuid(), "2026-Q1", "2026-04-30", 10_000, 10_000, 0, 2);
        var granted = await EligibilityAsync(regular);
        Assert.True(granted.Eligible);
        Assert.False(granted.Provisional);

        var unknown = await EligibilityAsync(AccountId.New());
        Assert.Equal("compliance.enterprise.unknown", Assert.Single(unknown.Reasons).Code);
    }

    [Fact]
    public async Task The_dashboard_shows_the_chosen_widgets_in_order_from_the_projection()
    {
        var account = await EnterpriseAsync("33338924500015", new DateOnly(2024, 1, 10));
        await app.FiledAsync(account, "2026-Q1", "2026-04-30", 258_000);
        await app.ObligationAsync(account, Guid.NewGuid(), "2026-Q1", "2026-04-30", 258_000, 100_000, 0, 2);
        await app.PeriodOpenedAsync(account, "2026-Q2", "2026-07-31");
        var client = app.ClientFor(account);

        var dashboard = await client.GetFromJsonAsync<JsonElement>("/api/v1/compliance/dashboard");
        var widgets = dashboard.GetProperty("widgets").EnumerateArray().ToDictionary(w => w.GetProperty("type").GetString()!, w => w.GetProperty("data"));
        Assert.Equal("red", widgets["regularity"].GetProperty("status").GetString());
        Assert.Equal(1580.00m, widgets["contributions_due"].GetProperty("overdue").GetDecimal());
        Assert.Equal("2026-Q2", widgets["next_deadlines"][0].GetProperty("period").GetString());
        Assert.Equal(2580.00m, widgets["recent_declarations"][0].GetProperty("total").GetDecimal());

        var put = await client.PutAsJsonAsync("/api/v1/compliance/dashboard/layout", new { widgets = new[] { "next_deadlines", "regularity" } });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("""{"widgets":["next_deadlines","regularity"]}""", await put.Content.ReadAsStringAsync()); // the saved order, as before the named record
        var reordered = await client.GetFromJsonAsync<JsonElement>("/api/v1/compliance/dashboard");
        Assert.Equal(["next_deadlines", "regularity"], reordered.GetProperty("widgets").EnumerateArray().Select(w => w.GetProperty("type").GetString()!).ToArray());

        foreach (var bad in new object[] { new { widgets = new[] { "weather" } }, new { widgets = Array.Empty<string>() }, new { widgets = new[] { "regularity", "regularity" } } })
            Assert.Equal(HttpStatusCode.BadRequest, (await client.PutAsJsonAsync("/api/v1/compliance/dashboard/layout", bad)).StatusCode);
        Assert.Equal(2, (await client.GetFromJsonAsync<JsonElement>("/api/v1/compliance/dashboard")).GetProperty("widgets").GetArrayLength());
    }
}
