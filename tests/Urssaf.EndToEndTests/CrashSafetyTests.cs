using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Urssaf.TestKit;
using Xunit.Abstractions;

namespace Urssaf.EndToEndTests;

/// <summary>
/// The real host as a separate process on loopback, on its embedded default (SQLite files, synchronous=FULL), killed
/// with SIGKILL at random moments while several clients file declarations (each period twice at once, one with an
/// Idempotency-Key, through the group-commit writer) and pay them, then restarted. Every
/// acknowledged declaration and payment must be there exactly once, and every outbox and inbox must drain.
/// </summary>
[Trait("Category", "CrashSafety")]
public sealed class CrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    private const string OperatorKey = "crash-test-operator-key-0123456789";
    private const string Password = "Orage-Lointain#2026";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "urssaf-crash", Guid.NewGuid().ToString("N"));
    private readonly int _port = FreePort();
    private readonly ConcurrentQueue<string> _hostOutput = new();
    private Process? _host;

    private static readonly (string Siret, string Nir, string Email, string Phone)[] Accounts =
    [
        ("55208131766522", "185057512345673", "crash1@example.test", "+33611000001"),
        ("33338924500015", "287031305501274", "crash2@example.test", "+33611000002"),
        ("57511119014056", "192076912378976", "crash3@example.test", "+33611000003"),
    ];

    [Fact]
    public async Task Acknowledged_declarations_and_payments_survive_kills_exactly_once_and_every_outbox_drains()
    {
        await StartAsync();
        var clients = new List<(HttpClient Client, string Email)>();
        foreach (var account in Accounts) clients.Add((await OpenAccountAsync(account), account.Email));

        var periods = Enumerable.Range(0, 13).Select(i => new DateOnly(2025, 4, 1).AddMonths(i).ToString("yyyy-MM")).ToList();
        var declared = new ConcurrentDictionary<(string, string), decimal>();
        var paid = new ConcurrentDictionary<(string, string), Guid>();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var workers = clients.Select(c => Task.Run(() => WorkAsync(c.Client, c.Email, periods, declared, paid, stop.Token))).ToList();

        var kills = 0;
        var random = new Random(20261127);
        while (workers.Any(w => !w.IsCompleted) && kills < 6)
        {
            await Task.Delay(random.Next(800, 2500));
            _host!.Kill(entireProcessTree: true); // SIGKILL: no shutdown hook runs
            await _host.WaitForExitAsync();
            kills++;
            await StartAsync();
        }

        try
        {
            await Task.WhenAll(workers);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"clients did not finish ({declared.Count} declared, {paid.Count} paid, {kills} kills); last refusals: "
                                       + string.Join(" | ", Refusals.TakeLast(2)) + "\n" + Diagnose() + "\nhost: " + string.Join("\n", _hostOutput.TakeLast(15)));
        }

        output.WriteLine($"kills survived: {kills}; declarations acknowledged: {declared.Count}; payments acknowledged: {paid.Count}");
        Assert.True(kills >= 5, $"only {kills} kills");
        Assert.Equal(Accounts.Length * periods.Count, declared.Count);
        Assert.Equal(Accounts.Length * periods.Count, paid.Count);

        await WaitForDrainAsync();
        _host!.Kill(entireProcessTree: true);
        await _host.WaitForExitAsync();
        SqliteConnection.ClearAllPools();

        // exactly once: one declaration and one obligation per acknowledged period, one payment per acknowledged key
        Assert.Equal(declared.Count, Count("declarations.db", "SELECT COUNT(*) FROM Declarations"));
        Assert.Equal(declared.Count, Count("declarations.db", "SELECT COUNT(DISTINCT AccountId || Period) FROM Declarations"));
        Assert.Equal(declared.Count, Count("payments.db", "SELECT COUNT(*) FROM Obligations"));
        Assert.Equal(paid.Count, Count("payments.db", "SELECT COUNT(*) FROM Payments"));
        foreach (var id in paid.Values)
            Assert.Equal(1, Count("payments.db", $"SELECT COUNT(*) FROM Payments WHERE Id = '{id.ToString().ToUpperInvariant()}'"));
        Assert.Equal(paid.Count, Count("payments.db", "SELECT COUNT(DISTINCT AccountId || Period) FROM Payments"));
        Assert.Equal(declared.Count, Count("documents.db", "SELECT COUNT(*) FROM Documents WHERE Type = 'declaration_receipt'"));
    }

    private async Task WorkAsync(HttpClient client, string email, List<string> periods, ConcurrentDictionary<(string, string), decimal> declared,
        ConcurrentDictionary<(string, string), Guid> paid, CancellationToken ct)
    {
        foreach (var period in periods)
        {
            var body = new { lines = new[] { new { category = "liberal_bnc", turnover = 1000 + periods.IndexOf(period) } } };
            // Two concurrent filings of the same period, one with an Idempotency-Key: they meet in the group-commit writer (ADR 130),
            // one files, the other is refused as concurrent or repeats it; a refusal is retried (with a new key) until accepted.
            var fileAttempt = 0;
            var keyed = RetryAsync(async () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/declarations/{period}") { Content = JsonContent.Create(body) };
                request.Headers.Add("Idempotency-Key", $"file-{period}-{fileAttempt}");
                var response = await client.SendAsync(request, ct);
                if ((int)response.StatusCode is >= 400 and < 500) fileAttempt++;
                return response;
            }, r => r.IsSuccessStatusCode, ct);
            var plain = RetryAsync(() => client.PutAsJsonAsync($"/api/v1/declarations/{period}", body, ct), r => r.IsSuccessStatusCode, ct);
            var filed = await keyed;
            await plain;
            var total = (await filed.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("total").GetDecimal();
            declared[(email, period)] = total;

            // The obligation appears once Payments received the event: "nothing due" until then. A lost answer (the host died)
            // is retried with the same key, so it is replayed and never doubled; a definite refusal (4xx: nothing happened, and
            // the refusal is what that key replays) is retried with a new key, as API.md's idempotency semantics want.
            var attempt = 0;
            var payment = await RetryAsync(async () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/payments") { Content = JsonContent.Create(new { period, amount = total, method = "transfer" }) };
                request.Headers.Add("Idempotency-Key", $"pay-{period}-{attempt}");
                var response = await client.SendAsync(request, ct);
                if ((int)response.StatusCode is >= 400 and < 500) attempt++;
                return response;
            }, r => r.StatusCode == HttpStatusCode.Created, ct);
            paid[(email, period)] = (await payment.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("paymentId").GetGuid();
        }
    }

    /// <summary>Sends until the answer is accepted; a refused connection or a reset (the host is down) is retried.</summary>
    private static readonly ConcurrentQueue<string> Refusals = new();

    private static async Task<HttpResponseMessage> RetryAsync(Func<Task<HttpResponseMessage>> send, Func<HttpResponseMessage, bool> accepted, CancellationToken ct)
    {
        while (true)
        {
            if (ct.IsCancellationRequested) throw new TimeoutException("gave up; last refusals: " + string.Join(" | ", Refusals.TakeLast(5)));
            try
            {
                var response = await send();
                if (accepted(response)) return response;
                Refusals.Enqueue($"{(int)response.StatusCode} {(await response.Content.ReadAsStringAsync(CancellationToken.None))[..Math.Min(200, (int)(response.Content.Headers.ContentLength ?? 200))]}");
                if ((int)response.StatusCode is >= 500 and not 503)
                    throw new InvalidOperationException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { }
            catch (IOException) { }

            await Task.Delay(200, ct);
        }
    }

    private async Task<HttpClient> OpenAccountAsync((string Siret, string Nir, string Email, string Phone) account)
    {
        var http = Client();
        http.DefaultRequestHeaders.Add("X-Operator-Key", OperatorKey);
        var formality = await http.PostAsJsonAsync("/api/v1/operator/formalities",
            TestData.Formality(account.Siret, account.Nir, birthName: "Test", legalName: "Crash Test", activityStart: "2025-01-01", frequency: "monthly"));
        Assert.True(formality.IsSuccessStatusCode, await formality.Content.ReadAsStringAsync());
        var visitor = Client();
        var registration = await visitor.PostAsJsonAsync("/api/v1/identity/registrations", new
        {
            siret = account.Siret, nir = account.Nir, firstName = "Camille", lastName = "Test", email = account.Email, phone = account.Phone,
            password = Password, secretQuestion = "Ville ?", secretAnswer = "Lyon",
        });
        Assert.Equal(HttpStatusCode.Accepted, registration.StatusCode);
        var registrationId = (await registration.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("registrationId").GetGuid();
        var token = Delivered.ActivationToken((await EventuallyAsync(() => Delivered.EmailsIn(_data, account.Email))).Single());
        Assert.Equal(HttpStatusCode.OK, (await visitor.PostAsJsonAsync("/api/v1/identity/activations/email", new { token })).StatusCode);
        var code = Delivered.SixDigitCode((await EventuallyAsync(() => Delivered.SmsIn(_data, account.Phone))).Single().Text);
        Assert.Equal(HttpStatusCode.OK, (await visitor.PostAsJsonAsync("/api/v1/identity/activations/sms", new { registrationId, code })).StatusCode);

        // Declarations learns the account through the outbox: the periods list answers once it has
        var session = await (await visitor.PostAsJsonAsync("/api/v1/identity/sessions", new { login = account.Email, password = Password, rememberMe = true }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var client = Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session.GetProperty("accessToken").GetString());
        await EventuallyAsync(async () => (await client.GetAsync("/api/v1/declarations/periods")).IsSuccessStatusCode);
        return client;
    }

    private static async Task<IReadOnlyList<T>> EventuallyAsync<T>(Func<IReadOnlyList<T>> read)
    {
        for (var i = 0; i < 150; i++)
        {
            if (read() is { Count: > 0 } found) return found;
            await Task.Delay(200);
        }

        throw new TimeoutException("nothing was delivered");
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 150; i++)
        {
            if (await condition()) return;
            await Task.Delay(200);
        }

        throw new TimeoutException("the condition never held");
    }

    private async Task WaitForDrainAsync()
    {
        var pending = -1L;
        for (var i = 0; i < 300 && pending != 0; i++)
        {
            pending = Directory.GetFiles(_data, "*.db").Sum(file =>
                Count(Path.GetFileName(file), "SELECT (SELECT COUNT(*) FROM OutboxMessages WHERE ProcessedOnUtc IS NULL) + (SELECT COUNT(*) FROM InboxMessages WHERE ProcessedOnUtc IS NULL)"));
            if (pending != 0) await Task.Delay(300);
        }

        Assert.True(pending == 0, $"{pending} messages never drained");
    }

    private string Diagnose()
    {
        var lines = new List<string>();
        foreach (var file in Directory.GetFiles(_data, "*.db"))
        {
            using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
            connection.Open();
            foreach (var table in new[] { "OutboxMessages", "InboxMessages" })
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"SELECT Type, ProcessedOnUtc IS NULL, Attempts, LastError FROM {table} WHERE ProcessedOnUtc IS NULL OR LastError IS NOT NULL LIMIT 5";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                    lines.Add($"{Path.GetFileName(file)} {table}: {reader.GetString(0)} pending={reader.GetBoolean(1)} attempts={reader.GetInt32(2)} {(reader.IsDBNull(3) ? "" : reader.GetString(3))}");
            }
        }

        return string.Join("\n", lines);
    }

    private long Count(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, database)};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private HttpClient Client() => new() { BaseAddress = new Uri($"http://127.0.0.1:{_port}"), Timeout = TimeSpan.FromSeconds(30) };

    private async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "Urssaf.Host.dll"))
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{_port}";
        start.Environment["Storage__DataDirectory"] = _data;
        start.Environment["Operator__Key"] = OperatorKey;
        start.Environment["Clock__StartAt"] = "2026-05-04T08:00:00Z";
        start.Environment["Messaging__OutboxIntervalSeconds"] = "1";
        start.Environment["Identity__PasswordHashIterations"] = UrssafApp.FastHashIterations;
        start.Environment["Identity__CodeHashIterations"] = UrssafApp.FastHashIterations;
        foreach (var policy in new[] { "authentication", "message-sending", "public-lookup" })
            start.Environment[$"RateLimiting__{policy}__PermitLimit"] = "100000";
        _host = Process.Start(start)!;
        _host.OutputDataReceived += (_, e) => Keep(e.Data);
        _host.ErrorDataReceived += (_, e) => Keep(e.Data);
        _host.BeginOutputReadLine();
        _host.BeginErrorReadLine();

        using var probe = Client();
        for (var i = 0; i < 900; i++) // up to 90 s: a fresh data directory migrates slowly on a saturated shared machine
        {
            if (_host.HasExited) break;
            try
            {
                if ((await probe.GetAsync("/health/ready")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("The host did not become ready:\n" + string.Join("\n", _hostOutput.TakeLast(30)));
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _hostOutput.Enqueue(line);
        while (_hostOutput.Count > 200) _hostOutput.TryDequeue(out _);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        try
        {
            if (_host is { HasExited: false }) _host.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException) { }
    }
}
