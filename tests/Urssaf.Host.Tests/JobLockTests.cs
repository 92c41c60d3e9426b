using Microsoft.Extensions.DependencyInjection;
using Urssaf.SharedKernel.Infrastructure.Modules;
using Urssaf.SharedKernel.Infrastructure.Observability;

namespace Urssaf.Host.Tests;

/// <summary>ADR 0140: a daily job runs in one process at a time; the lock dies with its holder.</summary>
public sealed class JobLockTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "urssaf-job-lock", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_job_held_by_another_holder_is_not_run_and_runs_once_it_is_released()
    {
        var job = new CountingJob();
        var metrics = Metrics();
        var elsewhere = new FileJobLock(_data); // another process: a separate open of the same lock file
        var held = await elsewhere.TryAcquireAsync(job.Name, CancellationToken.None);
        Assert.NotNull(held);

        Assert.Null(await job.RunExclusiveAsync(new FileJobLock(_data), metrics, CancellationToken.None));
        Assert.Equal(0, job.Runs);

        await held.DisposeAsync();
        Assert.Equal(1, await job.RunExclusiveAsync(new FileJobLock(_data), metrics, CancellationToken.None));
        Assert.Equal(1, job.Runs);
    }

    [Fact]
    public async Task Two_jobs_have_two_locks_and_a_finished_run_releases_its_own()
    {
        var locks = new FileJobLock(_data);
        await using var first = await locks.TryAcquireAsync("remind-deadlines", CancellationToken.None);
        await using (var second = await locks.TryAcquireAsync("apply-penalties", CancellationToken.None)) Assert.NotNull(second);
        Assert.NotNull(first);
        Assert.Null(await locks.TryAcquireAsync("remind-deadlines", CancellationToken.None));
        await using var again = await locks.TryAcquireAsync("apply-penalties", CancellationToken.None);
        Assert.NotNull(again);
    }

    [Fact]
    public async Task A_job_that_throws_releases_its_lock()
    {
        var locks = new FileJobLock(_data);
        var failing = new CountingJob { Fails = true };
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing.RunExclusiveAsync(locks, Metrics(), CancellationToken.None));
        await using var after = await locks.TryAcquireAsync(failing.Name, CancellationToken.None);
        Assert.NotNull(after);
    }

    private static UrssafMetrics Metrics() =>
        new ServiceCollection().AddMetrics().AddSingleton<UrssafMetrics>().BuildServiceProvider().GetRequiredService<UrssafMetrics>();

    private sealed class CountingJob : IDailyJob
    {
        public int Runs { get; private set; }

        public bool Fails { get; init; }

        public string Name => "remind-deadlines";

        public Task<int> RunAsync(CancellationToken cancellationToken)
        {
            if (Fails) throw new InvalidOperationException("job failed");
            Runs++;
            return Task.FromResult(1);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException) { }
    }
}
