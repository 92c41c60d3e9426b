using System.Net.Http.Json;
using System.Text.Json;
using Urssaf.Modules.Declarations.Contracts.IntegrationEvents;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Identity;
using Urssaf.TestKit;
using Urssaf.TestKit.Builders;

namespace Urssaf.Modules.Compliance.Tests.Integration;

/// <summary>DOMAIN.md §5 on the dashboard: the year's cumulative turnover against the micro ceilings and VAT thresholds.</summary>
public sealed class TurnoverThresholdsWidgetTests(UrssafApp app) : IClassFixture<UrssafApp>
{
    [Fact]
    public async Task The_dashboard_warns_when_the_years_turnover_approaches_the_micro_ceiling()
    {
        var account = AccountId.New();
        const string siret = "10628524000011";
        await app.DeliverAsync(new EnterpriseProfileChanged(Guid.NewGuid(), DateTime.UtcNow, siret, "Claire Martin", "6201Z", new DateOnly(2024, 1, 10),
            ActivityNature.Liberal, ActivityCategory.LiberalBnc, "75", DeclarationFrequency.Quarterly, false, false, "1 rue X 75001 Paris"));
        await app.DeliverAsync(new AccountActivated(Guid.NewGuid(), DateTime.UtcNow, account.Value, siret, "Claire", "Martin", "c@example.fr", "+33612345678"));
        // 2026-Q1: 76,000 € of BNC (≥ 90 % of the 83,600 € ceiling, above the 41,250 € VAT majoré threshold)
        await app.DeliverAsync(An.DeclarationFiled(account.Value, "2026-Q1", 1_960_800, lines: [new DeclaredLine(ActivityCategory.LiberalBnc, 76_000, 25.6m, 1_945_600)],
            socialCents: 1_945_600, trainingCents: 15_200, siret: siret));

        var dashboard = await app.ClientFor(account).GetFromJsonAsync<JsonElement>("/api/v1/compliance/dashboard");
        var widget = dashboard.GetProperty("widgets").EnumerateArray().Single(w => w.GetProperty("type").GetString() == "turnover_thresholds").GetProperty("data");
        Assert.Equal((2026, 76_000L), (widget.GetProperty("year").GetInt32(), widget.GetProperty("turnover").GetInt64()));
        Assert.Equal(["threshold.micro.approaching", "threshold.vat.majore_exceeded"],
            widget.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()!).Order(StringComparer.Ordinal).ToArray());
    }

    /// <summary>DOMAIN.md §3: eight quarters in a row filed at zero turnover: the dashboard warns of radiation for inactivity.</summary>
    [Fact]
    public async Task The_dashboard_warns_of_radiation_after_eight_zero_quarters()
    {
        var account = AccountId.New();
        foreach (var (year, quarter) in new[] { (2024, 2), (2024, 3), (2024, 4), (2025, 1), (2025, 2), (2025, 3), (2025, 4), (2026, 1) })
        {
            var start = new DateOnly(year, (quarter - 1) * 3 + 1, 1);
            var due = start.AddMonths(4).AddDays(-1);
            await app.DeliverAsync(An.DeclarationFiled(account.Value, $"{year}-Q{quarter}", dueDate: due, deadlineUtc: due.ToDateTime(new TimeOnly(21, 0), DateTimeKind.Utc),
                siret: "10628524000011"));
        }

        var dashboard = await app.ClientFor(account).GetFromJsonAsync<JsonElement>("/api/v1/compliance/dashboard");
        var widget = dashboard.GetProperty("widgets").EnumerateArray().Single(w => w.GetProperty("type").GetString() == "turnover_thresholds").GetProperty("data");
        var warning = Assert.Single(widget.GetProperty("warnings").EnumerateArray());
        Assert.Equal(("activity.radiation_risk", 24L), (warning.GetProperty("code").GetString(), warning.GetProperty("turnover").GetInt64()));
    }
}
