using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Declarations.Persistence;
using Urssaf.SharedKernel.Enterprise;

namespace Urssaf.Modules.Declarations.Tests.Integration;

public sealed class AnnouncePeriodsTests(April2026App app) : IClassFixture<April2026App>
{
    [Fact]
    public async Task Each_ended_period_is_announced_once_with_its_due_date()
    {
        var account = await app.EnterpriseAsync(start: "2025-06-01", frequency: DeclarationFrequency.Quarterly);
        await app.RunDailyJobAsync("announce-periods");
        await app.RunDailyJobAsync("announce-periods"); // the same day again: nothing more

        var events = await app.ScopedAsync(sp => sp.GetRequiredService<DeclarationsDbContext>().OutboxMessages
            .Where(m => m.Type == "declarations.DeclarationPeriodOpened" && m.Content.Contains(account.ToString())).Select(m => m.Content).ToListAsync());
        // first period 2025-Q3 (start + 90 days), then Q4 2025 and Q1 2026 have ended by 10 April 2026
        Assert.Equal(3, events.Count);
        Assert.Contains(events, e => e.Contains("\"period\":\"2026-Q1\"") && e.Contains("\"dueDate\":\"2026-04-30\""));
        Assert.Contains(events, e => e.Contains("\"period\":\"2025-Q3\"") && e.Contains("\"periodStart\":\"2025-06-01\""));
    }
}
