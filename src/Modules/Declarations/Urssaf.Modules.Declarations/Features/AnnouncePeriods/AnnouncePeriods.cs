using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Declarations.Contracts.IntegrationEvents;
using Urssaf.Modules.Declarations.Domain;
using Urssaf.Modules.Declarations.Persistence;
using Urssaf.SharedKernel.Infrastructure.Modules;

namespace Urssaf.Modules.Declarations.Features.AnnouncePeriods;

/// <summary>
/// Daily: for every account's enterprise, announces each period that has ended since the last run
/// (<see cref="DeclarationPeriodOpened"/>), in keyset-paged batches with one transaction per batch.
/// </summary>
internal sealed class AnnouncePeriodsJob(IServiceScopeFactory scopes, DeclarationCalendar calendar, TimeProvider clock) : IDailyJob
{
    private const int BatchSize = 2000;

    public string Name => "announce-periods";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = calendar.Today(now);
        var announced = 0;
        var after = "";
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DeclarationsDbContext>();
            var batch = await db.Enterprises
                .Where(e => e.AccountId != null && e.ActivityStartDate != default && string.Compare(e.Siret, after) > 0
                            && (e.NextAnnouncementOn == null || e.NextAnnouncementOn <= today))
                .OrderBy(e => e.Siret).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0) return announced;
            foreach (var enterprise in batch) announced += Announce(db, enterprise, today, now);
            await db.SaveChangesAsync(cancellationToken);
            after = batch[^1].Siret;
        }
    }

    private int Announce(DeclarationsDbContext db, Enterprise enterprise, DateOnly today, DateTime now)
    {
        var count = 0;
        // after the last announced period comes the next one in its year's frequency: a change of frequency applies from a
        // later 1 January (R613-7 I) and never re-announces the past
        var period = enterprise.LastAnnouncedPeriod is { } last && DeclarationPeriod.TryParse(last, out var previous)
            ? enterprise.NextPeriod(previous)
            : enterprise.FirstPeriod;
        for (; period.End < today; period = enterprise.NextPeriod(period))
        {
            db.AddIntegrationEvent(new DeclarationPeriodOpened(Guid.CreateVersion7(), now, enterprise.AccountId!.Value.Value, enterprise.Siret,
                period.ToString(), DeclarationCalendar.CoverageStart(period, enterprise.ActivityStartDate), period.End, calendar.DueDate(period),
                calendar.DeadlineUtc(period)));
            enterprise.LastAnnouncedPeriod = period.ToString();
            count++;
        }

        enterprise.NextAnnouncementOn = period.End.AddDays(1); // nothing to do for this enterprise until then
        return count;
    }
}
