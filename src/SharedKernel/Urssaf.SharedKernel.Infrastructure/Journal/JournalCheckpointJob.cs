using Urssaf.SharedKernel.Infrastructure.Modules;

namespace Urssaf.SharedKernel.Infrastructure.Journal;

/// <summary>Signs every module journal's head (hourly by default, <c>Jobs:journal-checkpoints:Cron</c>).</summary>
public sealed class JournalCheckpointJob(IEnumerable<IModuleJournal> journals) : IDailyJob
{
    public const string JobName = "journal-checkpoints";
    public string Name => JobName;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var signed = 0;
        foreach (var journal in journals)
            if (await journal.CheckpointAsync(cancellationToken)) signed++;
        return signed;
    }
}
