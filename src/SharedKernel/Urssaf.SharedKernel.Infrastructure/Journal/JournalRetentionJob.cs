using Urssaf.SharedKernel.Infrastructure.Modules;

namespace Urssaf.SharedKernel.Infrastructure.Journal;

/// <summary>
/// Daily: every module journal (Identity, Payments, Documents) keeps 6 years (docs/privacy.md, ADR 0112), cut only up to a
/// signed checkpoint so what remains still verifies.
/// </summary>
public sealed class JournalRetentionJob(IEnumerable<IModuleJournal> journals, TimeProvider clock) : IDailyJob
{
    public const string JobName = "journal-retention";
    public const int Years = 6;
    public string Name => JobName;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow().UtcDateTime.AddYears(-Years);
        var purged = 0;
        foreach (var journal in journals) purged += await journal.PurgeAsync(before, cancellationToken);
        return purged;
    }
}
