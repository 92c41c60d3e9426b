using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.SharedKernel.Infrastructure.Messaging;

/// <summary>The daily cleanup: processed messages past the retention, and expired idempotency records.</summary>
internal sealed class MessagingCleanup<TContext>(IServiceScopeFactory scopes, TimeProvider clock, IOptions<MessagingOptions> options)
    where TContext : ModuleDbContext
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var limit = now.AddDays(-options.Value.RetentionDays);
        return await db.OutboxMessages.Where(m => m.ProcessedOnUtc < limit).ExecuteDeleteAsync(cancellationToken)
             + await db.InboxMessages.Where(m => m.ProcessedOnUtc < limit).ExecuteDeleteAsync(cancellationToken)
             + await db.IdempotencyRecords.Where(r => r.ExpiresOnUtc <= now).ExecuteDeleteAsync(cancellationToken);
    }
}
