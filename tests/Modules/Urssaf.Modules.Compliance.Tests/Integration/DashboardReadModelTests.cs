using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Compliance.Persistence;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Notifications.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Identity;
using Urssaf.TestKit;

namespace Urssaf.Modules.Compliance.Tests.Integration;

/// <summary>The dashboard is one stored row per account, emptied by every projection change, and answered with an ETag (ADR 0136).</summary>
public sealed class DashboardReadModelTests(UrssafApp app) : IClassFixture<UrssafApp>
{
    private async Task<AccountId> EnterpriseAsync(string siret)
    {
        var account = AccountId.New();
        await app.DeliverAsync(new EnterpriseProfileChanged(Guid.NewGuid(), DateTime.UtcNow, siret, "Claire Martin", "6201Z", new DateOnly(2024, 1, 10),
            ActivityNature.Liberal, ActivityCategory.LiberalBnc, "75", DeclarationFrequency.Quarterly, false, false, "1 rue X 75001 Paris"));
        await app.DeliverAsync(new AccountActivated(Guid.NewGuid(), DateTime.UtcNow, account.Value, siret, "Claire", "Martin", "claire@example.fr", "+33612345678"));
        return account;
    }

    private static async Task<(HttpStatusCode Status, string? ETag, JsonElement? Body)> GetAsync(HttpClient client, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/compliance/dashboard");
        if (ifNoneMatch is not null) request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(ifNoneMatch));
        using var response = await client.SendAsync(request);
        var body = response.StatusCode == HttpStatusCode.OK ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone() : (JsonElement?)null;
        return (response.StatusCode, response.Headers.ETag?.ToString(), body);
    }

    private Task<long?> VersionAsync(AccountId account) => app.ScopedAsync(async sp =>
        await sp.GetRequiredService<ComplianceDbContext>().DashboardViews.AsNoTracking().Where(v => v.AccountId == account).Select(v => (long?)v.Version)
            .SingleOrDefaultAsync());

    [Fact]
    public async Task A_repeat_call_gets_304_until_a_projection_change_gives_a_new_etag_and_the_new_figures()
    {
        var account = await EnterpriseAsync("73282932000074");
        await app.FiledAsync(account, "2026-Q1", "2026-04-30", 258_000);
        var client = app.ClientFor(account);

        var first = await GetAsync(client);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.NotNull(first.ETag);
        Assert.Equal((HttpStatusCode.OK, first.ETag), ((await GetAsync(client)).Status, (await GetAsync(client)).ETag)); // served from the row: same version
        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(client, first.ETag)).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "\"another\"")).Status);

        await app.ObligationAsync(account, Guid.NewGuid(), "2026-Q1", "2026-04-30", 258_000, 100_000, 0, 2); // the projection changes
        var changed = await GetAsync(client, first.ETag);
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.NotEqual(first.ETag, changed.ETag);
        var widgets = changed.Body!.Value.GetProperty("widgets").EnumerateArray().ToDictionary(w => w.GetProperty("type").GetString()!, w => w.GetProperty("data"));
        Assert.Equal(1580.00m, widgets["contributions_due"].GetProperty("overdue").GetDecimal());
        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(client, changed.ETag)).Status);
    }

    [Fact]
    public async Task A_published_regulatory_notice_empties_the_stored_views()
    {
        var account = await EnterpriseAsync("53413173576225");
        await app.PeriodOpenedAsync(account, "2026-Q2", "2026-07-31");
        var client = app.ClientFor(account);
        var first = await GetAsync(client);
        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(client, first.ETag)).Status);
        var version = await VersionAsync(account);

        await app.DeliverAsync(new RegulatoryNoticePublished(Guid.NewGuid(), DateTime.UtcNow, Guid.NewGuid()));

        Assert.True(await VersionAsync(account) > version);
        var after = await GetAsync(client, first.ETag);
        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.NotEqual(first.ETag, after.ETag);
    }

    [Fact]
    public async Task A_layout_change_and_the_next_day_rebuild_the_answer_and_another_account_never_matches_the_etag()
    {
        var account = await EnterpriseAsync("44306184100047");
        await app.PeriodOpenedAsync(account, "2026-Q2", "2026-07-31");
        var client = app.ClientFor(account);
        var first = await GetAsync(client);

        var put = await client.PutAsync("/api/v1/compliance/dashboard/layout",
            new StringContent("{\"widgets\":[\"regularity\"]}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var relaid = await GetAsync(client, first.ETag);
        Assert.Equal(HttpStatusCode.OK, relaid.Status);
        Assert.Equal(1, relaid.Body!.Value.GetProperty("widgets").GetArrayLength());

        var version = await VersionAsync(account);
        app.Clock.Advance(TimeSpan.FromDays(1)); // the next Paris day: built again, a new version
        var tomorrow = await GetAsync(app.ClientFor(account), relaid.ETag); // a new session: the first one has expired
        Assert.Equal(HttpStatusCode.OK, tomorrow.Status);
        Assert.True(await VersionAsync(account) > version);

        var other = await EnterpriseAsync("55208131766522");
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(app.ClientFor(other), tomorrow.ETag)).Status);
    }

    [Fact]
    public async Task The_penalty_job_writing_in_bulk_empties_the_views_it_touches()
    {
        var account = await EnterpriseAsync("33338924500015");
        await app.PeriodOpenedAsync(account, "2026-Q1", "2026-04-30");
        var client = app.ClientFor(account);
        var before = await GetAsync(client);
        Assert.Equal(0, before.Body!.Value.GetProperty("widgets").EnumerateArray().Single(w => w.GetProperty("type").GetString() == "penalties")
            .GetProperty("data").GetArrayLength());

        await app.RunDailyJobAsync("apply-penalties"); // Q1 never filed: an R613-9 penalty, written by bulk insert
        var after = await GetAsync(client, before.ETag);
        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.NotEmpty(after.Body!.Value.GetProperty("widgets").EnumerateArray().Single(w => w.GetProperty("type").GetString() == "penalties")
            .GetProperty("data").EnumerateArray());
    }
}
