using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Declarations.Persistence;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Identity;
using Urssaf.TestKit;

namespace Urssaf.Modules.Declarations.Tests.Integration;

/// <summary>
/// Issue 16 item 3, CSS R613-7 I: a change of frequency on 10 April 2026 applies from 1 January 2027. Before the fix the announce job
/// re-announced every past period in the new frequency (each then missing, with an R613-9 penalty).
/// </summary>
public sealed class FrequencyChangeTests
{
    private const string Siret = "61591218500019";

    private static EnterpriseProfileChanged Profile(DateTime at, DeclarationFrequency frequency) =>
        new(Guid.NewGuid(), at, Siret, "Claire Martin", "6201Z", new DateOnly(2025, 6, 1), ActivityNature.Liberal, ActivityCategory.LiberalBnc, "75",
            frequency, false, false, "1 rue X 75001 Paris");

    private static async Task<List<string>> AnnouncedAsync(UrssafApp app, AccountId account) =>
        (await app.ScopedAsync(sp => sp.GetRequiredService<DeclarationsDbContext>().OutboxMessages
                .Where(m => m.Type == "declarations.DeclarationPeriodOpened" && m.Content.Contains(account.ToString())).Select(m => m.Content).ToListAsync()))
            .Select(c => JsonDocument.Parse(c).RootElement.GetProperty("period").GetString()!).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task R613_7_a_change_of_frequency_applies_from_the_next_first_of_January_and_never_re_announces_the_past()
    {
        using var app = new April2026App();
        var account = AccountId.New();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        await app.DeliverToAsync("declarations", Profile(now.AddDays(-300), DeclarationFrequency.Quarterly));
        await app.DeliverToAsync("declarations", new AccountActivated(Guid.NewGuid(), now, account.Value, Siret, "Claire", "Martin", "c@example.test", "+33612345678"));
        await app.DrainAsync();
        await app.RunDailyJobAsync("announce-periods");
        Assert.Equal(["2025-Q3", "2025-Q4", "2026-Q1"], await AnnouncedAsync(app, account));

        await app.DeliverToAsync("declarations", Profile(now, DeclarationFrequency.Monthly)); // asked on 10 April 2026
        await app.DrainAsync();
        await app.RunDailyJobAsync("announce-periods");
        Assert.Equal(3, (await AnnouncedAsync(app, account)).Count);

        app.Clock.SetUtcNow(new DateTimeOffset(2027, 2, 2, 8, 0, 0, TimeSpan.Zero));
        await app.RunDailyJobAsync("announce-periods");
        Assert.Equal(["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2027-01"], await AnnouncedAsync(app, account));

        // the calendar shows 2026 quarterly and 2027 monthly; a 2026 month cannot be filed
        var client = app.ClientFor(account);
        var periods = await client.GetFromJsonAsync<JsonElement>("/api/v1/declarations/periods");
        var names = Items(periods).Select(p => p.GetProperty("period").GetString()).ToList();
        Assert.Contains("2026-Q4", names);
        Assert.Contains("2027-01", names);
        Assert.DoesNotContain("2026-12", names);
        var wrong = await client.PutAsJsonAsync("/api/v1/declarations/2026-12", new { lines = Array.Empty<object>() });
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
    }

    private static IEnumerable<JsonElement> Items(JsonElement body) =>
        body.ValueKind == JsonValueKind.Array ? body.EnumerateArray() : body.GetProperty(body.TryGetProperty("items", out _) ? "items" : "periods").EnumerateArray();
}
