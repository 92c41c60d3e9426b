using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.TestKit;

namespace Urssaf.Modules.Payments.Tests.Integration;

/// <summary>
/// Issue 16 item 1, CSS R243-16 I: the majoration applies to what was not paid by the due date. Payments tells Compliance
/// which part of an obligation's payments came late (ObligationChanged.PendingLateCents / PaidLateCents).
/// </summary>
public sealed class LatenessTests(UrssafApp app) : PaymentsTestBase(app), IClassFixture<UrssafApp>
{
    private async Task<JsonElement> LastObligationChangedAsync(AccountId account)
    {
        var rows = await App.ScopedAsync(sp => sp.GetRequiredService<PaymentsDbContext>().OutboxMessages.AsNoTracking()
            .Where(m => m.Type.Contains("ObligationChanged") && m.Content.Contains(account.Value.ToString())).Select(m => m.Content).ToListAsync());
        return rows.Select(r => JsonDocument.Parse(r).RootElement).OrderBy(e => Get(e, "Revision").GetInt32()).Last();
    }

    private static JsonElement Get(JsonElement e, string name) =>
        e.EnumerateObject().First(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    [Fact]
    public async Task A_direct_debit_ordered_after_the_due_date_is_published_as_late()
    {
        var (account, client) = await OwingAsync(128_100, "2026-03", "2026-04-30"); // the clock is on 4 May 2026
        await SignMandateAsync(client);
        Assert.Equal(HttpStatusCode.Created, (await PayAsync(client, new { period = "2026-03", amount = 1281.00m, method = "sepa_debit" }, "late-1")).StatusCode);

        var changed = await LastObligationChangedAsync(account);
        Assert.Equal((128_100, 128_100, 0), (Get(changed, "PendingCents").GetInt64(), Get(changed, "PendingLateCents").GetInt64(), Get(changed, "PaidLateCents").GetInt64()));
    }

    [Fact]
    public async Task A_direct_debit_ordered_before_the_due_date_is_on_time()
    {
        var (account, client) = await OwingAsync(50_000); // due 1 June 2026
        await SignMandateAsync(client);
        Assert.Equal(HttpStatusCode.Created, (await PayAsync(client, new { period = "2026-Q1", amount = 500.00m, method = "sepa_debit" }, "ontime-1")).StatusCode);

        var changed = await LastObligationChangedAsync(account);
        Assert.Equal((50_000, 0), (Get(changed, "PendingCents").GetInt64(), Get(changed, "PendingLateCents").GetInt64()));
    }
}
