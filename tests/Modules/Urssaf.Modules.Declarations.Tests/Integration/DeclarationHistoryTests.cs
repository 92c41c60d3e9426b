using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Urssaf.Modules.Declarations.Tests.Integration;

/// <summary>Issue 16 item 7: a correction keeps the earlier version; the history shows who, when, what and the amounts of each.</summary>
public sealed class DeclarationHistoryTests(April2026App app) : IClassFixture<April2026App>
{
    [Fact]
    public async Task A_correction_keeps_every_earlier_version_and_the_history_shows_them()
    {
        var account = await app.EnterpriseAsync();
        var client = app.ClientFor(account);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/declarations/2026-Q1/versions")).StatusCode);

        var filed = await client.PutAsJsonAsync("/api/v1/declarations/2026-Q1", new { lines = new[] { new { category = "liberal_bnc", turnover = 10_000 } } });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        app.Clock.Advance(TimeSpan.FromHours(2));
        client = app.ClientFor(account); // a new token (the first one expired)
        var corrected = await client.PutAsJsonAsync("/api/v1/declarations/2026-Q1", new { lines = new[] { new { category = "liberal_bnc", turnover = 12_000 } } });
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);

        var versions = (await client.GetFromJsonAsync<JsonElement>("/api/v1/declarations/2026-Q1/versions")).EnumerateArray().ToList();
        Assert.Equal(2, versions.Count);
        // 10,000 € at 25.6 % = 2,560 € + CFP 20 € = 2,580 €; 12,000 € → 3,072 € + 24 € = 3,096 €
        Assert.Equal((1, "filed", 10_000L, 2580.00m), (versions[0].GetProperty("version").GetInt32(), versions[0].GetProperty("kind").GetString(),
            versions[0].GetProperty("lines")[0].GetProperty("turnover").GetInt64(), versions[0].GetProperty("total").GetDecimal()));
        Assert.Equal((2, "corrected", 12_000L, 3096.00m), (versions[1].GetProperty("version").GetInt32(), versions[1].GetProperty("kind").GetString(),
            versions[1].GetProperty("lines")[0].GetProperty("turnover").GetInt64(), versions[1].GetProperty("total").GetDecimal()));
        Assert.Equal(account.Value, versions[1].GetProperty("submittedBy").GetGuid());
        Assert.Equal(TimeSpan.FromHours(2), versions[1].GetProperty("submittedAt").GetDateTime() - versions[0].GetProperty("submittedAt").GetDateTime());
    }
}
