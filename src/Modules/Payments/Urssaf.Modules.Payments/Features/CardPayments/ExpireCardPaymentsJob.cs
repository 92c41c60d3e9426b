using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Payments.Domain;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.SharedKernel.Infrastructure.Modules;

namespace Urssaf.Modules.Payments.Features.CardPayments;

/// <summary>
/// Every 5 minutes: a card payment that got no notification before its expiry frees what it reserved on the obligation,
/// so the period can be paid otherwise. A notification that arrives later still applies (the money was taken).
/// </summary>
internal sealed class ExpireCardPaymentsJob(IServiceScopeFactory scopes, TimeProvider clock) : IDailyJob
{
    public const string JobName = "expire-card-payments";

    public string Name => JobName;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var expired = await db.Payments.Where(p => p.Status == PaymentStatus.Pending && p.ExpiresOnUtc < now).ToListAsync(cancellationToken);
        foreach (var payment in expired)
        {
            var obligation = await db.Obligations.SingleAsync(o => o.Id == payment.ObligationId, cancellationToken);
            obligation.Reverse(payment.AmountCents, wasCollected: false, now);
            payment.MarkExpired(now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return expired.Count;
    }
}
