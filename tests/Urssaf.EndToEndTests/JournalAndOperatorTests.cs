using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Urssaf.SharedKernel.Infrastructure.Journal;
using Urssaf.TestKit;

namespace Urssaf.EndToEndTests;

/// <summary>The tamper-evident journal (ADR 0112) and named operators (ADR 0113), over HTTP and straight in the SQLite files.</summary>
public sealed class JournalAndOperatorTests
{
    private const string Password = "Horizon-Bleu#2026";

    [Fact]
    public async Task Logins_money_and_operator_actions_are_journaled_and_the_chain_verifies()
    {
        using var app = new PersonalDataApp();
        await PersonalDataJourneyTests.AccountWithRecordsAsync(app);
        await app.CreateClient().PostAsJsonAsync("/api/v1/identity/sessions", new { login = "claire.martin@example.test", password = "wrong-password-1" });
        await app.RunDailyJobAsync(JournalCheckpointJob.JobName);

        var kinds = Column(app, "identity", "SELECT Kind FROM Journal ORDER BY Sequence");
        Assert.Contains("identity.connection.password.success", kinds);
        Assert.Contains("identity.connection.password.failure", kinds);
        Assert.Contains("identity.account.active", kinds);
        Assert.Contains("operator.action", kinds);
        Assert.Contains("operator:bootstrap", Column(app, "identity", "SELECT Actor FROM Journal WHERE Kind = 'operator.action'"));
        Assert.Equal(["payments.mandate.signed", "payments.payment.ordered"], Column(app, "payments", "SELECT Kind FROM Journal ORDER BY Sequence"));
        Assert.Contains("documents.attestation.issued", Column(app, "documents", "SELECT Kind FROM Journal"));
        Assert.DoesNotContain(Column(app, "identity", "SELECT Data FROM Journal"), d => d.Contains(Password, StringComparison.Ordinal));

        var verified = await VerifyAsync(app);
        Assert.True(verified.GetProperty("valid").GetBoolean());
        Assert.All(verified.GetProperty("journals").EnumerateArray(), j => Assert.Equal(1, j.GetProperty("checkpoints").GetInt32()));
    }

    [Fact]
    public async Task An_edited_row_a_deleted_row_a_cut_tail_and_a_recomputed_chain_are_each_found()
    {
        using var app = new PersonalDataApp();
        await PersonalDataJourneyTests.AccountWithRecordsAsync(app);
        await app.RunDailyJobAsync(JournalCheckpointJob.JobName);
        for (var i = 0; i < 3; i++)
            await app.CreateClient().PostAsJsonAsync("/api/v1/identity/sessions", new { login = "claire.martin@example.test", password = Password });
        Assert.True((await VerifyAsync(app)).GetProperty("valid").GetBoolean());

        // an edited row: its content no longer matches its hash
        var original = Column(app, "identity", "SELECT Data FROM Journal WHERE Sequence = 3").Single();
        Execute(app, "identity", "UPDATE Journal SET Data = '{\"ipAddress\":\"203.0.113.9\"}' WHERE Sequence = 3");
        await AssertBrokenAsync(app, "identity", 3, "content");
        Execute(app, "identity", $"UPDATE Journal SET Data = '{original.Replace("'", "''")}' WHERE Sequence = 3");
        Assert.True((await VerifyAsync(app)).GetProperty("valid").GetBoolean());

        // a deleted row in the middle
        var deleted = Row(app, "identity", 4);
        Execute(app, "identity", "DELETE FROM Journal WHERE Sequence = 4");
        await AssertBrokenAsync(app, "identity", 4, "missing");
        Insert(app, "identity", deleted);

        // the tail cut back behind the signed checkpoint
        var checkpoint = (long)Scalar(app, "payments", "SELECT MAX(Sequence) FROM JournalCheckpoints")!;
        Execute(app, "payments", $"DELETE FROM Journal WHERE Sequence = {checkpoint}");
        await AssertBrokenAsync(app, "payments", checkpoint, "signed checkpoint");

        // the whole chain recomputed after an edit, by someone without the signing key: the checkpoint no longer matches
        var entries = Column(app, "documents", "SELECT Sequence FROM Journal ORDER BY Sequence").Select(long.Parse).ToList();
        var previous = JournalEntry.Genesis;
        foreach (var sequence in entries)
        {
            var entry = Row(app, "documents", sequence);
            if (sequence == entries[0]) entry.Data = "{\"documentId\":\"forged\"}";
            entry.PreviousHash = previous;
            entry.Hash = entry.ComputeHash();
            Execute(app, "documents", $"UPDATE Journal SET Data = '{entry.Data}', PreviousHash = '{entry.PreviousHash}', Hash = '{entry.Hash}' WHERE Sequence = {sequence}");
            previous = entry.Hash;
        }

        await AssertBrokenAsync(app, "documents", (long)Scalar(app, "documents", "SELECT MAX(Sequence) FROM JournalCheckpoints")!, "signed checkpoint");
    }

    [Fact]
    public async Task Named_operators_have_a_role_a_hashed_rotatable_key_and_are_named_in_the_journal()
    {
        using var app = new PersonalDataApp();
        var admin = app.OperatorClient();
        var created = await admin.PostAsJsonAsync("/api/v1/operator/operators", new { name = "Agent Lyon 3", role = "adviser" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var (id, key) = (body.GetProperty("operatorId").GetGuid(), body.GetProperty("key").GetString()!);
        app.Secrets.Add(key);
        Assert.Equal(0L, Scalar(app, "identity", $"SELECT COUNT(*) FROM Operators WHERE KeyHash = '{key}'")); // only its hash is stored
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/api/v1/operator/operators", new { name = "Agent Lyon 3", role = "finance" })).StatusCode);
        var badRole = await admin.PostAsJsonAsync("/api/v1/operator/operators", new { name = "X", role = "root" });
        Assert.Equal("identity.operator.role_invalid", await PersonalDataJourneyTests.CodeAsync(badRole));

        var adviser = Operator(app, key);
        Assert.Equal(HttpStatusCode.Created, (await adviser.PostAsJsonAsync("/api/v1/operator/formalities", TestData.Formality("73282932000074"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await adviser.GetAsync("/api/v1/operator/sepa/batches/2026-04-30")).StatusCode); // finance only
        Assert.Equal(HttpStatusCode.Forbidden, (await adviser.GetAsync("/api/v1/operator/journal/verification")).StatusCode);   // administrators only
        Assert.Equal(HttpStatusCode.Forbidden, (await adviser.PostAsJsonAsync("/api/v1/operator/operators", new { name = "Me too", role = "administrator" })).StatusCode);

        var actors = Column(app, "identity", "SELECT Actor || ' ' || Data FROM Journal WHERE Kind = 'operator.action'");
        Assert.Contains(actors, a => a.StartsWith("operator:Agent Lyon 3 ", StringComparison.Ordinal) && a.Contains("\"status\":201"));
        Assert.Contains(actors, a => a.StartsWith("operator:Agent Lyon 3 ", StringComparison.Ordinal) && a.Contains("\"status\":403"));

        var rotated = await admin.PostAsync($"/api/v1/operator/operators/{id}/key", null);
        var newKey = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        app.Secrets.Add(newKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await adviser.GetAsync("/api/v1/operator/formalities/73282932000074")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Operator(app, newKey).GetAsync("/api/v1/operator/formalities/73282932000074")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/operator/operators/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Operator(app, newKey).GetAsync("/api/v1/operator/formalities/73282932000074")).StatusCode);
        Assert.Contains("identity.operator.revoked", Column(app, "identity", "SELECT Kind FROM Journal"));
    }

    private static HttpClient Operator(UrssafApp app, string key)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Operator-Key", key);
        return client;
    }

    private static async Task<JsonElement> VerifyAsync(UrssafApp app)
    {
        var response = await app.OperatorClient().GetAsync("/api/v1/operator/journal/verification");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task AssertBrokenAsync(UrssafApp app, string module, long sequence, string problem)
    {
        var result = await VerifyAsync(app);
        Assert.False(result.GetProperty("valid").GetBoolean());
        var journal = result.GetProperty("journals").EnumerateArray().Single(j => j.GetProperty("module").GetString() == module);
        Assert.False(journal.GetProperty("valid").GetBoolean());
        Assert.Equal(sequence, journal.GetProperty("firstBrokenSequence").GetInt64());
        Assert.Contains(problem, journal.GetProperty("problem").GetString());
    }

    private static JournalEntry Row(UrssafApp app, string module, long sequence)
    {
        using var connection = Open(app, module);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT Sequence, AtUtc, Kind, Actor, AccountId, Data, PreviousHash, Hash FROM Journal WHERE Sequence = {sequence}";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return new JournalEntry
        {
            Sequence = reader.GetInt64(0), AtUtc = DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc), Kind = reader.GetString(2),
            Actor = reader.GetString(3), AccountId = reader.IsDBNull(4) ? null : reader.GetGuid(4), Data = reader.GetString(5),
            PreviousHash = reader.GetString(6), Hash = reader.GetString(7),
        };
    }

    private static void Insert(UrssafApp app, string module, JournalEntry e)
    {
        using var connection = Open(app, module);
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO Journal (Sequence, AtUtc, Kind, Actor, AccountId, Data, PreviousHash, Hash) VALUES ($s, $at, $k, $a, $acc, $d, $p, $h)";
        command.Parameters.AddWithValue("$s", e.Sequence);
        command.Parameters.AddWithValue("$at", e.AtUtc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$k", e.Kind);
        command.Parameters.AddWithValue("$a", e.Actor);
        command.Parameters.AddWithValue("$acc", e.AccountId is { } id ? id.ToString().ToUpperInvariant() : DBNull.Value);
        command.Parameters.AddWithValue("$d", e.Data);
        command.Parameters.AddWithValue("$p", e.PreviousHash);
        command.Parameters.AddWithValue("$h", e.Hash);
        command.ExecuteNonQuery();
    }

    private static SqliteConnection Open(UrssafApp app, string module)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, module + ".db")};Pooling=False");
        connection.Open();
        return connection;
    }

    private static void Execute(UrssafApp app, string module, string sql)
    {
        using var connection = Open(app, module);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private static object? Scalar(UrssafApp app, string module, string sql) => PersonalDataJourneyTests.Scalar(app, module, sql);

    private static List<string> Column(UrssafApp app, string module, string sql)
    {
        using var connection = Open(app, module);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read()) values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return values;
    }
}
