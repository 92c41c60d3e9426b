using System.Net;
using System.Net.Http.Json;
using Urssaf.Client.Models;
using Urssaf.Client.Sample;
using Urssaf.TestKit;

namespace Urssaf.EndToEndTests;

/// <summary>The sample accounting tool (src/Clients/Urssaf.Client.Sample) against the real host: it runs as documented.</summary>
public sealed class AccountingToolSampleTests(April2026App app) : IClassFixture<April2026App>
{
    private const string FirstClient = "73282932000074", SecondClient = "40483304800022", FirmSiren = "443061841";

    [Fact]
    public async Task The_sample_lists_its_clients_next_deadlines_and_files_a_declaration_for_one_of_them()
    {
        var firm = await ThirdParties.RegisterAsync(app, "Cabinet Sample", FirmSiren, "declarations.read", "declarations.write");
        foreach (var (siret, nir, email, phone) in new[]
                 {
                     (FirstClient, "295109912611193", "first.client@example.test", "+33 6 11 11 11 11"),
                     (SecondClient, "195109912611146", "second.client@example.test", "+33 6 22 22 22 22"),
                 })
        {
            await Journey.FormalityAsync(app, siret, "Claire Martin", "2025-06-01", nir);
            var owner = await Journey.RegisterAndLogInAsync(app, siret, nir, email, phone, "Horizon-Bleu#2026");
            Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync("/api/v1/identity/delegations",
                new { siren = FirmSiren, scopes = new[] { "declarations.read", "declarations.write" } })).StatusCode);
        }

        var tool = new AccountingTool(app.CreateClient());
        await tool.LogInAsync(firm.ClientId, firm.Secret, "declarations.read declarations.write");
        var deadlines = await tool.NextDeadlinesAsync([FirstClient, SecondClient]);
        // activity from June 2025: the first declaration (to the end of the quarter after the 90th day) is late already
        Assert.Equal([new ClientDeadline(FirstClient, "2025-Q3", new DateOnly(2025, 10, 31), "late"), new ClientDeadline(SecondClient, "2025-Q3", new DateOnly(2025, 10, 31), "late")],
            deadlines);

        var filed = await tool.FileAsync(FirstClient, "2025-Q3", [new TurnoverLineRequest { Category = ActivityCategory.Liberal_bnc, Turnover = 4_000 }]);
        Assert.Equal("2025-Q3", filed!.Period);
        Assert.True(filed.Total > 0);
        var after = await tool.NextDeadlinesAsync([FirstClient, SecondClient]);
        Assert.Equal(("2025-Q4", "2025-Q3"), (after[0].Period, after[1].Period)); // the first client moved on to its next period
    }
}
