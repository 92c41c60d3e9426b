using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Urssaf.TestKit;
using Xunit.Abstractions;

namespace Urssaf.EndToEndTests;

/// <summary>
/// Two host servers and the <c>drain</c> verb on ONE data directory (ADR 0120), under a stream of activation messages:
/// every e-mail and SMS reaches the gateway exactly once. The file gateways drop a message id they have seen and log it
/// in <c>duplicates.log</c>, so a second send is visible. Without kills there must be none; with SIGKILLs, at most one
/// per kill (the message in flight between its send and its record), and still one file per message.
/// </summary>
[Trait("Category", "MultiProcess")]
public sealed class TwoProcessDeliveryTests(ITestOutputHelper output) : IDisposable
{
    private const string OperatorKey = "two-process-operator-key-0123456789";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "urssaf-two-process", Guid.NewGuid().ToString("N"));
    private readonly List<HostProcess> _hosts = [];

    private static readonly (string Siret, string Nir, string Email, string Phone)[] Accounts =
    [
        ("55208131766522", "185057512345673", "duo1@example.test", "+33611000011"),
        ("33338924500015", "287031305501274", "duo2@example.test", "+33611000012"),
        ("57511119014056", "192076912378976", "duo3@example.test", "+33611000013"),
    ];

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Operator__Key"] = OperatorKey,
        ["Messaging__OutboxIntervalSeconds"] = "1",
        ["Messaging__LeaseSeconds"] = "4",
        ["Notifications__DeliveryLeaseSeconds"] = "10", // the shortest allowed: a send must finish within half of it
        ["RateLimiting__authentication__PermitLimit"] = "100000",
        ["RateLimiting__message-sending__PermitLimit"] = "100000",
        ["RateLimiting__public-lookup__PermitLimit"] = "100000",
    };

    [Fact]
    public async Task Two_servers_and_the_drain_verb_deliver_every_message_once_even_when_killed()
    {
        var first = await StartServerAsync();
        var second = await StartServerAsync(); // the second finds the first alive: it releases no lease
        var registrations = new List<Guid>();
        foreach (var account in Accounts) registrations.Add(await RegisterAsync(first, account));

        // Phase 1, no kill: both servers' schedulers and two drain verbs compete for the same messages
        var drains = new[] { HostProcess.StartVerb(_data, Settings, "drain"), HostProcess.StartVerb(_data, Settings, "drain") };
        _hosts.AddRange(drains);
        await ResendAsync([first, second], registrations, rounds: 6);
        foreach (var drain in drains) await drain.WaitForExitAsync();
        Assert.All(drains, d => Assert.True(d.ExitCode == 0, d.LastOutput(20)));
        var expected = Accounts.Length * 2 + registrations.Count * 2 * 6;
        await WaitUntilAllSentAsync(expected);
        AssertOneFilePerMessage(expected);
        Assert.Empty(Duplicates());

        // Phase 2: the same under SIGKILLs of either server while messages flow
        var kills = 0;
        var servers = new[] { first, second };
        var random = new Random(20261201);
        for (var round = 0; round < 2; round++)
        {
            var load = ResendAsync(servers.Where(s => !s.HasExited).ToArray(), registrations, rounds: 2);
            await Task.Delay(random.Next(150, 600));
            var victim = random.Next(servers.Length);
            await servers[victim].KillAsync();
            kills++;
            await load;
            servers[victim] = await StartServerAsync();
        }

        // A request the killed server committed but could not answer is sent again by the client to the other server:
        // that is a second, legitimate message (a new code), so phase 2 counts at least one row per accepted request.
        var accepted = expected + 2 * registrations.Count * 2 * 2;
        expected = await WaitUntilAllSentAsync(accepted, exact: false);
        Assert.True(expected <= accepted + kills * registrations.Count * 2, $"{expected} messages for {accepted} accepted requests");
        AssertOneFilePerMessage(expected, kills);
        var duplicates = Duplicates();
        output.WriteLine($"{expected} messages, {kills} kills, {duplicates.Count} re-sends dropped by the gateway");
        Assert.True(duplicates.Count <= kills, $"{duplicates.Count} re-sends for {kills} kills");
    }

    private async Task<HostProcess> StartServerAsync()
    {
        var host = await HostProcess.StartServerAsync(_data, Settings);
        _hosts.Add(host);
        return host;
    }

    private static async Task<Guid> RegisterAsync(HostProcess host, (string Siret, string Nir, string Email, string Phone) account)
    {
        using var http = host.Client();
        http.DefaultRequestHeaders.Add("X-Operator-Key", OperatorKey);
        var formality = await http.PostAsJsonAsync("/api/v1/operator/formalities",
            TestData.Formality(account.Siret, account.Nir, birthName: "Test", legalName: "Duo Test", activityStart: "2025-01-01", frequency: "monthly"));
        Assert.True(formality.IsSuccessStatusCode, await formality.Content.ReadAsStringAsync());
        using var visitor = host.Client();
        var registration = await visitor.PostAsJsonAsync("/api/v1/identity/registrations", new
        {
            siret = account.Siret, nir = account.Nir, firstName = "Camille", lastName = "Test", email = account.Email, phone = account.Phone,
            password = "Orage-Lointain#2026", secretQuestion = "Ville ?", secretAnswer = "Lyon",
        });
        Assert.Equal(HttpStatusCode.Accepted, registration.StatusCode);
        return (await registration.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("registrationId").GetGuid();
    }

    /// <summary>Asks each registration for a new e-mail link and SMS code, spread over the servers; each answer is one message.</summary>
    private static async Task ResendAsync(HostProcess[] servers, List<Guid> registrations, int rounds)
    {
        var clients = servers.Select(s => s.Client()).ToArray();
        try
        {
            for (var round = 0; round < rounds; round++)
            {
                await Task.WhenAll(registrations.SelectMany((id, i) => new[] { "email", "sms" }.Select((channel, j) =>
                    SendUntilAcceptedAsync(clients, (i + j + round) % clients.Length, id, channel))));
            }
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    /// <summary>A refused connection (the server was killed) moves to the next server; an accepted answer is one message.</summary>
    private static async Task SendUntilAcceptedAsync(HttpClient[] clients, int start, Guid registrationId, string channel)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                var response = await clients[(start + attempt) % clients.Length].PostAsJsonAsync("/api/v1/identity/activations/resend", new { registrationId, channel });
                if (response.StatusCode == HttpStatusCode.Accepted) return;
                throw new InvalidOperationException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }

            await Task.Delay(100);
        }

        throw new TimeoutException("no server accepted the resend");
    }

    /// <summary>Waits until every message row is sent and there are <paramref name="expected"/> of them (at least that many
    /// when not <paramref name="exact"/>); returns the number of rows.</summary>
    private async Task<int> WaitUntilAllSentAsync(int expected, bool exact = true)
    {
        (long Total, long Sent) counts = default;
        for (var i = 0; i < 600; i++)
        {
            counts = (Count("SELECT COUNT(*) FROM OutgoingMessages"), Count("SELECT COUNT(*) FROM OutgoingMessages WHERE Status = 'Sent'"));
            var enough = exact ? counts.Total == expected : counts.Total >= expected;
            if (enough && counts.Sent == counts.Total) return (int)counts.Total;
            await Task.Delay(100);
        }

        Assert.Fail($"{counts.Sent} of {counts.Total} messages sent, {expected} expected{(exact ? "" : " at least")}\n"
                    + string.Join("\n---\n", _hosts.Select(h => h.LastOutput(10))));
        return 0;
    }

    /// <summary>One complete file per message; a SIGKILL in the middle of a file write may leave its temporary file (at most one per kill).</summary>
    private void AssertOneFilePerMessage(int expected, int kills = 0)
    {
        var files = Directory.GetFiles(Path.Combine(_data, "mail"), "*.eml").Concat(Directory.GetFiles(Path.Combine(_data, "sms"), "*.json"))
            .Select(f => Path.GetFileNameWithoutExtension(f).Split('-')[1]).ToList();
        Assert.Equal(expected, files.Count);
        Assert.Equal(expected, files.Distinct().Count());
        Assert.InRange(Directory.GetFiles(Path.Combine(_data, "mail"), "*.tmp").Concat(Directory.GetFiles(Path.Combine(_data, "sms"), "*.tmp")).Count(), 0, kills);
    }

    private List<string> Duplicates() =>
        new[] { "mail", "sms" }.Select(d => Path.Combine(_data, d, "duplicates.log")).Where(File.Exists)
            .SelectMany(File.ReadAllLines).Where(l => l.Length > 0).ToList();

    private long Count(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "notifications.db")};Pooling=False");
        connection.Open();
        using var busy = connection.CreateCommand();
        busy.CommandText = "PRAGMA busy_timeout = 5000;";
        busy.ExecuteNonQuery();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        foreach (var host in _hosts) host.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException) { }
    }
}
