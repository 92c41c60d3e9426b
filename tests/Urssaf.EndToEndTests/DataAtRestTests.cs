using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.TestKit;

namespace Urssaf.EndToEndTests;

/// <summary>The host on 3 April 2026, for the scan of what rests on disk after a full journey.</summary>
public sealed class DataAtRestApp() : UrssafApp(new DateTimeOffset(2026, 4, 3, 9, 0, 0, TimeSpan.Zero));

/// <summary>
/// Reads every byte the service keeps on disk — the SQLite files with their WAL, the documents, the keys — after a
/// full journey (formalities → registration → activation → login → filing → mandate → debit → pain.008 → bank
/// notification → attestation → account recovery with its temporary password), and looks for the debtor's IBAN, the
/// NIR and every temporary secret in clear (UTF-8 and UTF-16). The delivered mail and SMS folders are left out: they
/// stand for the recipients' mailbox and phone (the embedded default of API.md), where those values are meant to arrive.
/// </summary>
public sealed partial class DataAtRestTests(DataAtRestApp app) : IClassFixture<DataAtRestApp>
{
    private const string Siret = "73282932000074";
    private const string Nir = "295109912611193";
    private const string Email = "claire.rest@example.test";
    private const string Phone = "+33 6 11 22 33 44";
    private const string Password = "Horizon-Bleu#2026";
    /// <summary>A valid French IBAN that is not the creditor's (whose IBAN is printed in every file on purpose).</summary>
    private const string DebtorIban = "FR1420041010050500013M02606";

    [Fact]
    public async Task After_a_full_journey_no_IBAN_NIR_or_temporary_secret_rests_in_clear_in_the_data_directory()
    {
        var secrets = await JourneyAsync(app);
        // the scan reads the real bytes: the SIRET, stored in clear by design, is found in the databases
        Assert.Contains(Scan(app.DataDirectory, [Siret], _ => true), f => f.StartsWith("payments.db", StringComparison.Ordinal) || f.StartsWith("identity.db", StringComparison.Ordinal));
        var found = Scan(app.DataDirectory, secrets, _ => true);
        Assert.True(found.Count == 0, "In clear at rest:\n" + string.Join("\n", found));
    }

    /// <summary>The journey over HTTP; returns every value that must not rest in clear.</summary>
    internal static async Task<List<string>> JourneyAsync(UrssafApp app)
    {
        var secrets = new List<string> { DebtorIban, Grouped(DebtorIban), Nir, Password, "Besançon" };

        await Journey.FormalityAsync(app, Siret, "Claire Martin", "2025-10-15", Nir);
        var client = await Journey.RegisterAndLogInAsync(app, Siret, Nir, Email, Phone, Password);
        // the activation link and code: Identity hashes them; Notifications and the messaging tables must not keep them
        var activationToken = Delivered.ActivationToken(Assert.Single(app.EmailsTo(Email)));
        var activationCode = Delivered.SixDigitCode(Assert.Single(app.SmsTo(Phone.Replace(" ", "", StringComparison.Ordinal))).Text);
        secrets.Add(activationToken);
        secrets.Add("code " + activationCode); // six digits alone occur by chance in binary files

        // the first declaration spans 2025-Q4 and 2026-Q1: each quarter's turnover is given (as in the entrepreneur's journey)
        var lines = new[] { new { category = "liberal_bnc", turnover = 0L, period = "2025-Q4" }, new { category = "liberal_bnc", turnover = 12_500L, period = "2026-Q1" } };
        var filed = await client.PutAsJsonAsync("/api/v1/declarations/2026-Q1", new { lines });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var total = (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetDecimal();
        await app.DrainAsync();
        var mandate = await client.PostAsJsonAsync("/api/v1/payments/mandates", new { iban = Grouped(DebtorIban), holderName = "Claire Martin" });
        Assert.Equal(HttpStatusCode.Created, mandate.StatusCode);
        await Journey.PayAsync(client, new { period = "2026-Q1", amount = total, method = "sepa_debit" }, "rest-q1");
        await app.DrainAsync();

        var attestation = await client.PostAsJsonAsync("/api/v1/documents/attestations", new { kind = "vigilance" });
        Assert.Equal(HttpStatusCode.Created, attestation.StatusCode);

        var batch = await app.OperatorClient().GetStringAsync("/api/v1/operator/sepa/batches/2026-04-30");
        Assert.Contains(DebtorIban, batch); // the bank gets the IBAN; the database keeps it encrypted only
        Assert.Equal(batch, await app.OperatorClient().GetStringAsync("/api/v1/operator/sepa/batches/2026-04-30"));
        var endToEnd = Regex.Match(batch, "<EndToEndId>([^<]+)</EndToEndId>").Groups[1].Value;
        await Journey.ImportCreditsAsync(app, "NTF-REST", ((long)(total * 100), endToEnd, null));

        // account recovery: link, code, answer, then the temporary password split over SMS and e-mail
        var started = await app.CreateClient().PostAsJsonAsync("/api/v1/identity/recoveries", new { login = Email });
        var recoveryId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recoveryId").GetGuid();
        await app.DrainAsync();
        var recoveryMail = app.EmailsTo(Email).Last(m => (m.Subject ?? "").Contains("Récupération"));
        var recoveryToken = Uri.UnescapeDataString(TokenPattern().Match(recoveryMail.TextBody ?? "").Groups[1].Value);
        var recoveryCode = Delivered.SixDigitCode(app.SmsTo(Phone.Replace(" ", "", StringComparison.Ordinal)).Last(s => s.Text.Contains("récupération")).Text);
        foreach (var (step, value) in new[] { ("email", recoveryToken), ("sms", recoveryCode), ("answer", "Besançon") })
            Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().PostAsJsonAsync($"/api/v1/identity/recoveries/{recoveryId}/{step}", new { value })).StatusCode);
        await app.DrainAsync();
        var firstHalf = HalfPattern().Match(app.SmsTo(Phone.Replace(" ", "", StringComparison.Ordinal)).Last().Text).Groups[1].Value;
        var secondHalf = HalfPattern().Match(app.EmailsTo(Email).Last(m => (m.Subject ?? "").Contains("temporaire")).TextBody ?? "").Groups[1].Value;
        Assert.Equal((8, 8), (firstHalf.Length, secondHalf.Length));
        secrets.AddRange([recoveryToken, "code " + recoveryCode, firstHalf, secondHalf, firstHalf + secondHalf]);
        app.Secrets.AddRange([recoveryToken, firstHalf + secondHalf]);

        // the service at rest: what the daily maintenance leaves on disk
        foreach (var module in app.Services.GetServices<IModuleMessaging>()) await module.CleanupAsync(CancellationToken.None);
        return secrets;
    }

    /// <summary>Every file of the data directory but the delivered mail and SMS, searched for each value in UTF-8 and UTF-16LE.</summary>
    internal static List<string> Scan(string dataDirectory, IEnumerable<string> values, Func<string, bool> include)
    {
        // SQLite checkpoints a WAL into its database, and removes or truncates it, when connections close: when any file
        // changed while it was read, the whole directory is read again, so that what moved into a file already read is not missed
        for (var attempt = 1; ; attempt++)
        {
            if (TryScan(dataDirectory, values, include) is { } found) return found;
            if (attempt == 5) throw new IOException("the data directory kept changing while it was read");
        }
    }

    private static List<string>? TryScan(string dataDirectory, IEnumerable<string> values, Func<string, bool> include)
    {
        var needles = values.Distinct().SelectMany(v => new[] { (v, "utf-8", Encoding.UTF8.GetBytes(v)), (v, "utf-16", Encoding.Unicode.GetBytes(v)) }).ToList();
        var found = new List<string>();
        var skipped = new[] { Path.Combine(dataDirectory, "mail") + Path.DirectorySeparatorChar, Path.Combine(dataDirectory, "sms") + Path.DirectorySeparatorChar };
        List<string> Files() => Directory.GetFiles(dataDirectory, "*", SearchOption.AllDirectories).Where(f => !skipped.Any(f.StartsWith) && include(f)).Order().ToList();
        string State() => string.Join("\n", Files().Select(f => new FileInfo(f) is { Exists: true } i ? $"{f} {i.Length} {i.LastWriteTimeUtc.Ticks}" : f));

        var before = State();
        foreach (var file in Files())
        {
            byte[] bytes;
            try
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                bytes = new byte[stream.Length];
                stream.ReadExactly(bytes);
            }
            catch (Exception e) when (e is FileNotFoundException or EndOfStreamException) // removed or shortened while read
            {
                return null;
            }

            foreach (var (value, encoding, needle) in needles)
                if (bytes.AsSpan().IndexOf(needle) >= 0)
                    found.Add($"{Path.GetRelativePath(dataDirectory, file)}: {Describe(value)} ({encoding})");
        }

        return State() == before ? found : null;
    }

    private static string Describe(string value) => value.Length <= 4 ? "****" : value[..2] + new string('*', value.Length - 4) + value[^2..];

    private static string Grouped(string iban) => string.Join(' ', iban.Chunk(4).Select(c => new string(c)));

    [GeneratedRegex(@"[?&]token=([^\s&]+)")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"temporaire : (\S{8})")]
    private static partial Regex HalfPattern();
}
