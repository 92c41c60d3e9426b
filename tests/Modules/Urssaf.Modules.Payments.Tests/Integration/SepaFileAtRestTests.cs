using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.Modules.Payments.Sepa;
using Urssaf.TestKit;

namespace Urssaf.Modules.Payments.Tests.Integration;

/// <summary>Its own host: the test moves the clock past the files' retention.</summary>
public sealed class SepaFileAtRestApp : UrssafApp;

/// <summary>pain.008 files at rest (ADR 0041): sealed with the IBAN key, the same bytes on every request, purged after their retention.</summary>
public sealed class SepaFileAtRestTests(SepaFileAtRestApp app) : PaymentsTestBase(app), IClassFixture<SepaFileAtRestApp>
{
    private const string DebtorIban = "FR1420041010050500013M02606";

    [Fact]
    public async Task A_batch_file_is_stored_sealed_served_byte_identical_sealed_when_legacy_and_purged_after_its_retention()
    {
        var (_, client) = await OwingAsync(45_000, "2026-04", "2026-06-01");
        await SignMandateAsync(client, DebtorIban);
        Assert.Equal(HttpStatusCode.Created, (await PayAsync(client, new { period = "2026-04", amount = 450.00m, method = "sepa_debit" })).StatusCode);
        var (_, later) = await OwingAsync(12_300, "2026-05", "2026-06-30");
        await SignMandateAsync(later, DebtorIban);
        Assert.Equal(HttpStatusCode.Created, (await PayAsync(later, new { period = "2026-05", amount = 123.00m, method = "sepa_debit" })).StatusCode);

        var first = await FileAsync("2026-06-01");
        Assert.Empty(Pain008Verifier.Verify(first)); // the ISO 20022 schema and the sums
        Assert.Contains(DebtorIban, Encoding.UTF8.GetString(first));
        Assert.Equal(first, await FileAsync("2026-06-01"));
        var kept = await FileAsync("2026-06-30");

        // the database file and its WAL, read as raw bytes: the IBAN is nowhere, the file is sealed
        Assert.False(RawDatabaseContains(DebtorIban), "the debtor's IBAN rests in clear in payments.db");
        Assert.False(RawDatabaseContains("<DbtrAcct>"), "a pain.008 file rests in clear in payments.db");

        // a file stored in clear before sealing existed is sealed by the daily job, and still served the same
        await App.ScopedAsync(sp => sp.GetRequiredService<PaymentsDbContext>().SepaBatches.Where(b => b.CollectionDate == new DateOnly(2026, 6, 1))
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Content, first).SetProperty(b => b.Sealed, false)));
        Assert.Equal(first, await FileAsync("2026-06-01"));
        Assert.Equal(1, await App.RunDailyJobAsync("purge-sepa-files"));
        Assert.Equal(first, await FileAsync("2026-06-01"));
        Assert.False(RawDatabaseContains(DebtorIban), "a legacy clear file was left in clear");

        // 400 days after the collection date the file is purged; the row stays, the date is never produced again
        App.Clock.SetUtcNow(new DateTimeOffset(2027, 7, 6, 8, 0, 0, TimeSpan.Zero)); // 2026-06-01 + 400 days = 2027-07-06
        Assert.Equal(0, await App.RunDailyJobAsync("purge-sepa-files"));
        App.Clock.SetUtcNow(new DateTimeOffset(2027, 7, 7, 8, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await App.RunDailyJobAsync("purge-sepa-files"));
        var purged = await App.OperatorClient().GetAsync("/api/v1/operator/sepa/batches/2026-06-01");
        Assert.Equal(HttpStatusCode.NotFound, purged.StatusCode);
        Assert.Equal("payments.sepa.batch_purged", (await purged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var row = await App.ScopedAsync(sp => sp.GetRequiredService<PaymentsDbContext>().SepaBatches.AsNoTracking().SingleAsync(b => b.CollectionDate == new DateOnly(2026, 6, 1)));
        Assert.Equal((null, 1, 45_000L), (row.Content, row.NumberOfTransactions, row.ControlSumCents));
        Assert.Equal(kept, await FileAsync("2026-06-30")); // younger than the retention: kept
    }

    private async Task<byte[]> FileAsync(string date)
    {
        var response = await App.OperatorClient().GetAsync($"/api/v1/operator/sepa/batches/{date}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private bool RawDatabaseContains(string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return Directory.GetFiles(App.DataDirectory, "payments.db*").Any(file =>
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes.AsSpan().IndexOf(needle) >= 0;
        });
    }
}
