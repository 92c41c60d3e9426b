using Microsoft.Extensions.DependencyInjection;
using Urssaf.SharedKernel.Infrastructure.Journal;
using Urssaf.TestKit;

namespace Urssaf.Host.Tests;

/// <summary>The 6-year retention of every module's journal (docs/privacy.md), on the real SQLite files, clock moved.</summary>
public sealed class JournalRetentionTests
{
    [Fact]
    public async Task Every_module_journal_loses_its_entries_past_6_years_at_a_checkpoint_keeps_the_rest_and_still_verifies()
    {
        using var app = new UrssafApp();
        var journals = app.Services.GetServices<IModuleJournal>().ToList();
        var start = app.Clock.GetUtcNow();
        Assert.Equal(["documents", "identity", "payments"], journals.Select(j => j.Module).Order().ToArray());

        foreach (var journal in journals)
            for (var i = 0; i < 3; i++) await journal.AppendAsync("test.old", "system", null, new { i }, CancellationToken.None);
        Assert.Equal(3, await app.RunDailyJobAsync("journal-checkpoints"));
        var old = new Dictionary<string, long>();
        foreach (var journal in journals) old[journal.Module] = (await journal.VerifyAsync(CancellationToken.None)).Entries;

        app.Clock.Advance(TimeSpan.FromDays(3 * 365));
        foreach (var journal in journals)
            for (var i = 0; i < 2; i++) await journal.AppendAsync("test.recent", "system", null, new { i }, CancellationToken.None);
        await app.RunDailyJobAsync("journal-checkpoints");

        // the day before 6 years: nothing goes
        app.Clock.SetUtcNow(start.AddYears(6).AddDays(-1));
        Assert.Equal(0, await app.RunDailyJobAsync("journal-retention"));

        // past 6 years: the first segment of every module goes, the recent entries stay and the chains still verify
        app.Clock.SetUtcNow(start.AddYears(6).AddDays(1));
        Assert.Equal(old.Values.Sum(), await app.RunDailyJobAsync("journal-retention"));
        foreach (var journal in journals)
        {
            var verified = await journal.VerifyAsync(CancellationToken.None);
            Assert.True(verified.Valid, $"{journal.Module}: {verified.Problem}");
            Assert.Equal(2, verified.Entries);
        }

        Assert.Equal(0, await app.RunDailyJobAsync("journal-retention")); // idempotent
    }
}
