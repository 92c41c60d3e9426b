using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Urssaf.TestKit;

namespace Urssaf.EndToEndTests;

/// <summary>The host on 3 April 2026: the first quarter can be filed, paid and attested.</summary>
public sealed class PersonalDataApp() : UrssafApp(new DateTimeOffset(2026, 4, 3, 9, 0, 0, TimeSpan.Zero));

/// <summary>GDPR over HTTP: an export downloaded and read back, a closure, the retention runs with the clock moved (ADR 0110, 0111).</summary>
public sealed class PersonalDataJourneyTests
{
    private const string Siret = "73282932000074";
    private const string Nir = "295109912611193";
    private const string Email = "claire.martin@example.test";
    private const string Password = "Horizon-Bleu#2026";
    private const string OtherSiret = "34335787700012";
    private const string OtherEmail = "ines.roux@example.test";

    [Fact]
    public async Task An_export_holds_every_module_and_the_PDFs_of_this_account_only_and_expires_after_seven_days()
    {
        using var app = new PersonalDataApp();
        var client = await AccountWithRecordsAsync(app);
        await OtherAccountWithRecordsAsync(app);
        var opened = await client.PostAsJsonAsync("/api/v1/notifications/threads", new { topic = "other", subject = "Question", body = "Ma question écrite à un conseiller." });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);

        var requested = await client.PostAsync("/api/v1/identity/me/data-exports", null);
        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        var exportId = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exportId").GetGuid();
        // a second request while it is being prepared gets the same export
        var again = await client.PostAsync("/api/v1/identity/me/data-exports", null);
        Assert.Equal(exportId, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exportId").GetGuid());
        Assert.Equal("preparing", await ExportStatusAsync(client, exportId));
        var early = await client.GetAsync($"/api/v1/identity/me/data-exports/{exportId}/content");
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("identity.data_export.not_ready", await CodeAsync(early));

        Assert.Equal(1, await app.RunDailyJobAsync("identity-data-exports"));
        Assert.Equal("ready", await ExportStatusAsync(client, exportId));
        await app.DrainAsync();
        Assert.Contains(app.EmailsTo(Email), m => (m.Subject ?? "").Contains("copie de données"));

        var download = await client.GetAsync($"/api/v1/identity/me/data-exports/{exportId}/content");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/zip", download.Content.Headers.ContentType?.MediaType);
        var bytes = await download.Content.ReadAsByteArrayAsync();
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        var names = zip.Entries.Select(e => e.FullName).ToList();
        foreach (var module in new[] { "identity", "declarations", "payments", "documents", "notifications", "compliance" })
            Assert.Contains($"{module}.json", names);
        var index = JsonDocument.Parse(Read(zip, "index.json")).RootElement;
        Assert.Equal(6, index.GetProperty("modules").GetArrayLength());
        Assert.Equal(names.Count - 1, index.GetProperty("entries").GetArrayLength());

        var notifications = JsonDocument.Parse(Read(zip, "notifications.json")).RootElement; // the secure messages are the person's own words
        Assert.Equal("Question", Assert.Single(notifications.GetProperty("threads").EnumerateArray()).GetProperty("subject").GetString());
        Assert.Contains(notifications.GetProperty("threadMessages").EnumerateArray(), m => m.GetProperty("body").GetString() == "Ma question écrite à un conseiller.");

        var identity = JsonDocument.Parse(Read(zip, "identity.json")).RootElement;
        Assert.Equal(Siret, identity.GetProperty("profile").GetProperty("siret").GetString());
        Assert.Equal(Email, identity.GetProperty("profile").GetProperty("email").GetString());
        Assert.NotEqual(0, identity.GetProperty("connectionJournal").GetArrayLength());
        var payments = JsonDocument.Parse(Read(zip, "payments.json")).RootElement;
        Assert.Equal("FR7630006000011234567890189", payments.GetProperty("mandates")[0].GetProperty("iban").GetString());
        Assert.Equal(350_000, payments.GetProperty("payments")[0].GetProperty("amountCents").GetInt64());
        var declarations = JsonDocument.Parse(Read(zip, "declarations.json")).RootElement;
        Assert.Equal("2026-Q1", declarations.GetProperty("declarations")[0].GetProperty("period").GetString());

        // the PDFs, each the one the library lists, byte for byte
        var documents = JsonDocument.Parse(Read(zip, "documents.json")).RootElement.GetProperty("documents").EnumerateArray().ToList();
        Assert.Contains(documents, d => d.GetProperty("type").GetString() == "attestation_vigilance");
        foreach (var document in documents)
        {
            var pdf = ReadBytes(zip, document.GetProperty("file").GetString()!);
            Assert.Equal("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5));
            Assert.Equal(document.GetProperty("sha256").GetString(), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)));
            var fromLibrary = await client.GetByteArrayAsync($"/api/v1/documents/{document.GetProperty("id").GetGuid()}/content");
            Assert.Equal(fromLibrary, pdf);
        }

        // nothing of the other account
        var everything = string.Join("\n", zip.Entries.Where(e => e.FullName.EndsWith(".json", StringComparison.Ordinal)).Select(e => Read(zip, e.FullName)));
        Assert.DoesNotContain(OtherSiret, everything);
        Assert.DoesNotContain(OtherEmail, everything);
        Assert.DoesNotContain("Roux", everything);

        // 7 days later the file is deleted and the download refused
        var file = Path.Combine(app.DataDirectory, "exports", $"{exportId:N}.zip");
        Assert.True(File.Exists(file));
        app.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        await app.RunDailyJobAsync("identity-retention");
        Assert.False(File.Exists(file));
        client = await Journey.LogInAsync(app, Email, Password);
        Assert.Equal("expired", await ExportStatusAsync(client, exportId));
        var gone = await client.GetAsync($"/api/v1/identity/me/data-exports/{exportId}/content");
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Equal("identity.data_export.expired", await CodeAsync(gone));
        var unknown = await client.GetAsync($"/api/v1/identity/me/data-exports/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_closure_with_a_wrong_password_changes_nothing_and_a_closed_account_cannot_log_in()
    {
        using var app = new PersonalDataApp();
        var client = await AccountWithRecordsAsync(app);

        var wrong = await client.PostAsJsonAsync("/api/v1/identity/me/closure", new { password = "Not-The-Password#1", confirm = true });
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal("identity.closure.password_invalid", await CodeAsync(wrong));
        var unconfirmed = await client.PostAsJsonAsync("/api/v1/identity/me/closure", new { password = Password });
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        var problem = await unconfirmed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("identity.closure.confirmation_missing", problem.GetProperty("errorCodes").GetProperty("confirm")[0].GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/identity/me")).StatusCode);
        Assert.Equal(1L, Scalar(app, "payments", "SELECT COUNT(*) FROM Mandates WHERE Status = 'Active'"));
        Assert.Equal(Email, Scalar(app, "identity", "SELECT Email FROM Accounts"));

        var closed = await client.PostAsJsonAsync("/api/v1/identity/me/closure", new { password = Password, confirm = true });
        Assert.Equal(HttpStatusCode.Accepted, closed.StatusCode);
        var answer = await closed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(answer.GetProperty("kept").EnumerateArray(), k => k.GetProperty("legalBasis").GetString()!.Contains("L.244-3"));
        Assert.Equal("2032-04-03", answer.GetProperty("kept")[0].GetProperty("until").GetString());
        await app.DrainAsync();

        // sessions ended, login refused whatever the identifier
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/identity/me")).StatusCode);
        foreach (var login in new[] { Email, Siret, Nir })
        {
            var refused = await app.CreateClient().PostAsJsonAsync("/api/v1/identity/sessions", new { login, password = Password });
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        // erased at once: contacts, secret question, names; mandates revoked (no future debit), reminders stopped
        Assert.Equal(0L, Scalar(app, "identity", $"SELECT COUNT(*) FROM Accounts WHERE Email = '{Email}' OR MobilePhone <> '' OR SecretQuestion <> '' OR LastName <> ''"));
        Assert.Equal(0L, Scalar(app, "payments", "SELECT COUNT(*) FROM Mandates WHERE Status = 'Active'"));
        Assert.Equal(0L, Scalar(app, "notifications", $"SELECT COUNT(*) FROM Contacts WHERE Email <> ''"));
        Assert.Equal(0L, Scalar(app, "notifications", "SELECT COUNT(*) FROM PendingDeclarations"));
        Assert.Equal(0L, Scalar(app, "notifications", "SELECT COUNT(*) FROM OutgoingMessages WHERE TextBody <> ''"));
        // kept for the legal retention
        Assert.Equal(1L, Scalar(app, "declarations", "SELECT COUNT(*) FROM Declarations"));
        Assert.Equal(1L, Scalar(app, "payments", "SELECT COUNT(*) FROM Payments"));
        Assert.NotEqual(0L, Scalar(app, "documents", "SELECT COUNT(*) FROM Documents"));
        // the scheduled debit is not collected: the batch cancels it on the revoked mandate
        Assert.Equal(1L, Scalar(app, "payments", "SELECT COUNT(*) FROM Collections WHERE Status = 'Scheduled'"));
        var batch = await app.OperatorClient().GetAsync("/api/v1/operator/sepa/batches/2026-04-30");
        Assert.DoesNotContain("<InstdAmt", await batch.Content.ReadAsStringAsync());
        Assert.Equal(0L, Scalar(app, "payments", "SELECT COUNT(*) FROM Collections WHERE Status = 'Scheduled'"));

        // the SIRET registers again, through the identity flow (the formality must match)
        var again = await app.CreateClient().PostAsJsonAsync("/api/v1/identity/registrations", new
        {
            siret = Siret, nir = Nir, firstName = "Claire", lastName = "Martin", email = Email, phone = "+33 6 12 34 56 78", password = Password,
            secretQuestion = "Ville ?", secretAnswer = "Besançon",
        });
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(2L, Scalar(app, "identity", $"SELECT COUNT(*) FROM Accounts"));
    }

    [Fact]
    public async Task The_retention_runs_erase_each_kind_of_data_at_the_end_of_its_period_and_keep_the_rest()
    {
        using var app = new PersonalDataApp();
        var client = await AccountWithRecordsAsync(app);
        await OtherAccountWithRecordsAsync(app);
        var closed = await client.PostAsJsonAsync("/api/v1/identity/me/closure", new { password = Password, confirm = true });
        Assert.Equal(HttpStatusCode.Accepted, closed.StatusCode);
        await app.DrainAsync();
        var connections = Scalar(app, "identity", "SELECT COUNT(*) FROM ConnectionJournal");

        // 364 days: nothing is due yet
        app.Clock.Advance(TimeSpan.FromDays(364));
        await app.RunDailyJobAsync("identity-retention");
        Assert.Equal(connections, Scalar(app, "identity", "SELECT COUNT(*) FROM ConnectionJournal"));

        // 12 months and a day: the connection journal goes (CNIL), declarations and payments stay
        app.Clock.Advance(TimeSpan.FromDays(2));
        await app.RunDailyJobAsync("identity-retention");
        Assert.Equal(0L, Scalar(app, "identity", "SELECT COUNT(*) FROM ConnectionJournal"));
        Assert.Equal(2L, Scalar(app, "declarations", "SELECT COUNT(*) FROM Declarations"));

        // just before 6 years after the closure: still kept
        app.Clock.Advance(new DateTimeOffset(2032, 4, 3, 8, 0, 0, TimeSpan.Zero) - app.Clock.GetUtcNow());
        await app.RunDailyJobAsync("identity-retention");
        await app.DrainAsync();
        Assert.Equal(2L, Scalar(app, "declarations", "SELECT COUNT(*) FROM Declarations"));

        // 6 years (LPF L.102 B): every module purges the closed account, the other account keeps everything
        app.Clock.Advance(TimeSpan.FromDays(1));
        await app.RunDailyJobAsync("identity-retention");
        await app.DrainAsync();
        var other = Scalar(app, "identity", $"SELECT Id FROM Accounts WHERE Email = '{OtherEmail}'")!;
        foreach (var (module, table) in new[] { ("declarations", "Declarations"), ("payments", "Payments"), ("payments", "Mandates"), ("payments", "Obligations"),
                     ("documents", "Documents"), ("compliance", "Obligations"), ("notifications", "OutgoingMessages") })
        {
            Assert.Equal(0L, Scalar(app, module, $"SELECT COUNT(*) FROM {table} WHERE AccountId <> '{other}' COLLATE NOCASE"));
            Assert.NotEqual(0L, Scalar(app, module, $"SELECT COUNT(*) FROM {table} WHERE AccountId = '{other}' COLLATE NOCASE"));
        }

        Assert.Equal(1L, Scalar(app, "identity", "SELECT COUNT(*) FROM Accounts WHERE PurgedOnUtc IS NOT NULL"));
        Assert.Single(Directory.GetFiles(Path.Combine(app.DataDirectory, "documents"), "*.pdf", SearchOption.AllDirectories)
            .Select(Path.GetDirectoryName).Distinct()); // only the other account's folder of PDFs is left
    }

    /// <summary>Claire: formality, registration, a filed quarter, a mandate, a scheduled debit and an attestation.</summary>
    internal static async Task<HttpClient> AccountWithRecordsAsync(UrssafApp app) =>
        await WithRecordsAsync(app, Siret, Nir, "Claire Martin", Email, "+33 6 12 34 56 78");

    private static Task<HttpClient> OtherAccountWithRecordsAsync(UrssafApp app) =>
        WithRecordsAsync(app, OtherSiret, "185057505600314", "Inès Roux", OtherEmail, "+33 6 33 44 55 66", firstName: "Inès");

    private static async Task<HttpClient> WithRecordsAsync(UrssafApp app, string siret, string nir, string name, string email, string phone,
        string lastName = "Martin", string firstName = "Claire")
    {
        var formality = await app.OperatorClient().PostAsJsonAsync("/api/v1/operator/formalities",
            TestData.Formality(siret, nir, birthName: lastName, legalName: name, activityStart: "2025-10-15", incomeTaxWithholding: true));
        Assert.Equal(HttpStatusCode.Created, formality.StatusCode);
        await app.DrainAsync();
        var client = await RegisterAsync(app, siret, nir, firstName, lastName, email, phone);
        var lines = new[] { new { category = "liberal_bnc", turnover = 0L, period = "2025-Q4" }, new { category = "liberal_bnc", turnover = 12_500L, period = "2026-Q1" } };
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsJsonAsync("/api/v1/declarations/2026-Q1", new { lines })).StatusCode);
        await app.DrainAsync();
        var mandate = await client.PostAsJsonAsync("/api/v1/payments/mandates", new { iban = "FR76 3000 6000 0112 3456 7890 189", holderName = name });
        Assert.Equal(HttpStatusCode.Created, mandate.StatusCode);
        await Journey.PayAsync(client, new { period = "2026-Q1", amount = 3500.00m, method = "sepa_debit" }, $"q1-{siret}");
        await app.DrainAsync();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/documents/attestations", new { kind = "vigilance" })).StatusCode);
        await app.DrainAsync();
        return client;
    }

    private static async Task<HttpClient> RegisterAsync(UrssafApp app, string siret, string nir, string firstName, string lastName, string email, string phone)
    {
        var visitor = app.CreateClient();
        var registration = await visitor.PostAsJsonAsync("/api/v1/identity/registrations", new
        {
            siret, nir, firstName, lastName, email, phone, password = Password, secretQuestion = "Ville de naissance ?", secretAnswer = "Besançon",
        });
        Assert.Equal(HttpStatusCode.Accepted, registration.StatusCode);
        var registrationId = (await registration.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("registrationId").GetGuid();
        await app.DrainAsync();
        var token = Delivered.ActivationToken(Assert.Single(app.EmailsTo(email)));
        app.Secrets.AddRange([Password, token, nir]);
        Assert.Equal(HttpStatusCode.OK, (await visitor.PostAsJsonAsync("/api/v1/identity/activations/email", new { token })).StatusCode);
        var code = Delivered.SixDigitCode(Assert.Single(app.SmsTo(phone.Replace(" ", "", StringComparison.Ordinal))).Text);
        app.Secrets.Add(code);
        Assert.Equal(HttpStatusCode.OK, (await visitor.PostAsJsonAsync("/api/v1/identity/activations/sms", new { registrationId, code })).StatusCode);
        await app.DrainAsync();
        return await Journey.LogInAsync(app, email, Password);
    }

    private static async Task<string> ExportStatusAsync(HttpClient client, Guid exportId) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/identity/me/data-exports/{exportId}")).GetProperty("status").GetString()!;

    internal static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();

    private static string Read(ZipArchive zip, string name) => Encoding.UTF8.GetString(ReadBytes(zip, name));

    private static byte[] ReadBytes(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>One value read straight from a module's SQLite file, as someone with file access would.</summary>
    internal static object? Scalar(UrssafApp app, string module, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, module + ".db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
