using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Urssaf.SharedKernel.Identity;

namespace Urssaf.SharedKernel.Infrastructure.Journal;

/// <summary>What one saved change means for the journal; without <paramref name="Actor"/>, the caller of the request (or <c>system</c>).</summary>
public sealed record JournalRecord(string Kind, AccountId? Account, object? Data = null, string? Actor = null);

/// <summary>
/// Journals a module's security and money changes from its own saves (ADR 0112): <paramref name="describe"/> turns an
/// added or modified entity into a record; records are appended once the change is committed (after the save, or after
/// the surrounding transaction's commit), never for a change that failed or was rolled back.
/// </summary>
public sealed class JournalingInterceptor(IModuleJournal journal, Func<EntityEntry, JournalRecord?> describe, Func<string?> currentActor)
    : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<JournalRecord>> _pending = new();

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && context.Database.CurrentTransaction is null) await FlushAsync(context);
        return result;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } context && context.Database.CurrentTransaction is null) FlushAsync(context).GetAwaiter().GetResult();
        return result;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Discard(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context);
        return Task.CompletedTask;
    }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context) await FlushAsync(context);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context) FlushAsync(context).GetAwaiter().GetResult();
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Discard(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context);
        return Task.CompletedTask;
    }

    private void Collect(DbContext? context)
    {
        if (context is null) return;
        List<JournalRecord>? records = null;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified) || entry.Entity is JournalEntry or JournalCheckpoint) continue;
            if (describe(entry) is { } record) (records ??= []).Add(record.Actor is null ? record with { Actor = currentActor() ?? "system" } : record);
        }

        if (records is null) return;
        _pending.GetOrCreateValue(context).AddRange(records);
    }

    private void Discard(DbContext? context)
    {
        if (context is not null) _pending.Remove(context);
    }

    private async Task FlushAsync(DbContext context)
    {
        if (!_pending.TryGetValue(context, out var records)) return;
        _pending.Remove(context);
        foreach (var record in records)
            await journal.AppendAsync(record.Kind, record.Actor!, record.Account, record.Data, CancellationToken.None);
    }
}

public static class JournalEntryExtensions
{
    /// <summary>True when the tracked property changed in this save (false for an added entity).</summary>
    public static bool Changed(this EntityEntry entry, string property) =>
        entry.State == EntityState.Modified && entry.Property(property).IsModified
        && !Equals(entry.Property(property).OriginalValue, entry.Property(property).CurrentValue);

    /// <summary>Who a request's principal is, for the journal: an operator by name, a third party, an account, or null.</summary>
    public static string? ActorOf(System.Security.Claims.ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true) return null;
        if (user.HasClaim(Http.UrssafClaims.Operator, "true")) return Http.OperatorPrincipalExtensions.OperatorActor(user);
        if (user.FindFirst(Http.UrssafClaims.ThirdParty)?.Value is { } thirdParty) return $"third_party:{thirdParty}";
        return user.FindFirst(Http.UrssafClaims.Subject)?.Value is { } subject ? $"account:{subject}" : null;
    }
}

public static class JournalingRegistration
{
    /// <summary>Registers the module's journal and the interceptor that feeds it from the module's own saves.</summary>
    public static Microsoft.Extensions.DependencyInjection.IServiceCollection AddModuleJournal<TContext>(
        this Microsoft.Extensions.DependencyInjection.IServiceCollection services, string module, Func<EntityEntry, JournalRecord?> describe)
        where TContext : Persistence.ModuleDbContext
    {
        services.AddModuleJournal<TContext>(module);
        Microsoft.Extensions.DependencyInjection.HttpServiceCollectionExtensions.AddHttpContextAccessor(services);
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddKeyedSingleton<IInterceptor>(services, module, (sp, _) =>
        {
            var http = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>(sp);
            return new JournalingInterceptor(Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ModuleJournal<TContext>>(sp),
                describe, () => JournalEntryExtensions.ActorOf(http.HttpContext?.User));
        });
        return services;
    }
}
