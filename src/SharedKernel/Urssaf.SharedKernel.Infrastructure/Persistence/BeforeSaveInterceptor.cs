using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Urssaf.SharedKernel.Infrastructure.Persistence;

/// <summary>An interceptor that looks at the tracked entries just before every save, synchronous or not.</summary>
public abstract class BeforeSaveInterceptor : SaveChangesInterceptor
{
    /// <summary>Called before the save, with the context being saved (never null).</summary>
    protected abstract void BeforeSave(DbContext context);

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context) BeforeSave(context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context) BeforeSave(context);
        return ValueTask.FromResult(result);
    }
}
