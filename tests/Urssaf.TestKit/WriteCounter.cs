using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Urssaf.TestKit;

/// <summary>Counts the Identity module's saves (one transaction each), for the tests that compare the work of two paths.</summary>
public sealed class WriteCounter : SaveChangesInterceptor
{
    private int _saves;

    public int Saves => Volatile.Read(ref _saves);

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _saves);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Interlocked.Increment(ref _saves);
        return result;
    }
}
