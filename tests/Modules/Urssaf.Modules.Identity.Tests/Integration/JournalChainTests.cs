using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Journal;
using Urssaf.TestKit;

namespace Urssaf.Modules.Identity.Tests.Integration;

/// <summary>The journal chain on a real SQLite file (ADR 112): parallel writers, checkpoints, purge of an expired segment, step-up for exports.</summary>
public sealed class JournalChainTests
{
    [Fact]
    public async Task Parallel_appends_make_one_gap_free_chain_that_verifies()
    {
        using var app = new UrssafApp();
        var journal = app.Services.GetRequiredService<ModuleJournal<IdentityDbContext>>();
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() =>
            journal.AppendAsync("test.entry", "system", AccountId.New(), new { i }, CancellationToken.None))));

        var sequences = await app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().Set<JournalEntry>().Select(e => e.Sequence).OrderBy(s => s).ToListAsync());
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
        Assert.True(sequences.Count >= 200);
        var verified = await journal.VerifyAsync(CancellationToken.None);
        Assert.True(verified.Valid, verified.Problem);
        Assert.True(await journal.CheckpointAsync(CancellationToken.None));
        Assert.False(await journal.CheckpointAsync(CancellationToken.None)); // the head did not move
    }

    [Fact]
    public async Task A_purge_cuts_only_at_a_signed_checkpoint_and_what_remains_still_verifies()
    {
        using var app = new UrssafApp();
        var journal = app.Services.GetRequiredService<ModuleJournal<IdentityDbContext>>();
        for (var i = 0; i < 5; i++) await journal.AppendAsync("test.old", "system", null, new { i }, CancellationToken.None);
        Assert.Equal(0, await journal.PurgeAsync(app.Clock.GetUtcNow().UtcDateTime.AddDays(1), CancellationToken.None)); // no checkpoint yet
        await journal.CheckpointAsync(CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromDays(10));
        for (var i = 0; i < 3; i++) await journal.AppendAsync("test.new", "system", null, new { i }, CancellationToken.None);

        var purged = await journal.PurgeAsync(app.Clock.GetUtcNow().UtcDateTime.AddDays(-5), CancellationToken.None);
        var kinds = await app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().Set<JournalEntry>().Select(e => e.Kind).ToListAsync());
        Assert.True(purged >= 5);
        Assert.All(kinds, k => Assert.Equal("test.new", k));
        var verified = await journal.VerifyAsync(CancellationToken.None);
        Assert.True(verified.Valid, verified.Problem);
    }

    [Fact]
    public async Task An_export_needs_a_recent_login_and_another_account_s_export_is_not_found()
    {
        using var app = new UrssafApp();
        var account = AccountId.New();
        var stale = app.ClientFor(account, authenticatedAt: app.Clock.GetUtcNow().AddMinutes(-16));
        var refused = await stale.PostAsync("/api/v1/identity/me/data-exports", null);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("identity.reauthentication_required", (await refused.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("code").GetString());

        var fresh = app.ClientFor(account);
        var accepted = await fresh.PostAsync("/api/v1/identity/me/data-exports", null);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var exportId = (await accepted.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("exportId").GetGuid();
        var stranger = app.ClientFor(AccountId.New());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/identity/me/data-exports/{exportId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/identity/me/data-exports/{exportId}/content")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsync("/api/v1/identity/me/closure", null)).StatusCode);
    }
}
