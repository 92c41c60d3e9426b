using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

// A small closed-loop load driver: for each scenario, <concurrency> workers send requests back to back for a
// warm-up, then for <seconds>; it prints throughput, p50 and p99 and the ratio to the bare /health/live.
// The warm-up (LOAD_WARMUP seconds, default 15) lets tiered compilation finish: a host a few seconds old still
// spends a third of its CPU re-compiling hot methods, which is not the steady state a server runs in.
// usage: Urssaf.LoadDriver <baseUrl> <tokens file> [seconds=10] [concurrency=32] [scenario filter]
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Urssaf.LoadDriver <baseUrl> <tokens file> [seconds=10] [concurrency=32] [scenario filter]");
    return 2;
}

var baseUrl = new Uri(args[0]);
var tokens = File.ReadAllLines(args[1]).Where(t => t.Length > 0).ToArray();
var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
var concurrency = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 32;
var only = args.Length > 4 ? args[4] : null; // e.g. "declarations": the health baseline always runs
// With LOAD_HOST_PID, also the host's CPU time per request (user + system, from /proc): steadier than req/s on a
// shared machine, and it counts the background work each request causes (outbox relays, inbox handlers), and its RSS.
// With LOAD_DATA_DIR (the host's SQLite files), the drain also waits until no outbox or inbox row is left unprocessed:
// "sustained/s" is then the requests over the window plus the time the backlog took to drain.
var hostPid = Environment.GetEnvironmentVariable("LOAD_HOST_PID");
var dataDir = Environment.GetEnvironmentVariable("LOAD_DATA_DIR");
var warmup = int.Parse(Environment.GetEnvironmentVariable("LOAD_WARMUP") ?? "15", CultureInfo.InvariantCulture);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
{
    BaseAddress = baseUrl,
    Timeout = TimeSpan.FromSeconds(30),
};

var next = -1;
int Account() => (int)((uint)Interlocked.Increment(ref next) % (uint)tokens.Length);

HttpRequestMessage Authorized(HttpMethod method, string path, int account, HttpContent? body = null)
{
    var request = new HttpRequestMessage(method, path) { Content = body };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[account]);
    return request;
}

var scenarios = new (string Name, Func<int, HttpRequestMessage> Request, int Concurrency)[]
{
    ("GET /health/live", _ => new HttpRequestMessage(HttpMethod.Get, "/health/live"), concurrency),
    ("GET /compliance/dashboard", _ => Authorized(HttpMethod.Get, "/api/v1/compliance/dashboard", Account()), concurrency),
    // the same 500 clients again and again, as a user's app calls several times in a row: their sessions are known live
    ("GET /compliance/dashboard (returning)", _ => Authorized(HttpMethod.Get, "/api/v1/compliance/dashboard", Account() % Math.Min(500, tokens.Length)), concurrency),
    ("POST /identity/sessions (login)", _ =>
    {
        var account = Account();
        var body = $"{{\"login\":\"seed{account}@example.test\",\"password\":\"Seed-Password#2026\",\"rememberMe\":false}}";
        return new HttpRequestMessage(HttpMethod.Post, "/api/v1/identity/sessions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }, Math.Max(2, concurrency / 8)),
    ("PUT /declarations/{period}", i =>
    {
        var account = Account();
        // each account files its open quarter once, then corrects it (a new turnover each time): every request writes
        var body = $"{{\"lines\":[{{\"category\":\"liberal_bnc\",\"turnover\":{1000 + i % 50_000}}}]}}";
        return Authorized(HttpMethod.Put, "/api/v1/declarations/2026-Q3", account, new StringContent(body, Encoding.UTF8, "application/json"));
    }, concurrency),
};

Console.WriteLine($"{tokens.Length} accounts, {warmup} s warm-up and {seconds} s per scenario, {concurrency} connections (login: {Math.Max(2, concurrency / 8)}), {Environment.ProcessorCount} cores");
Console.WriteLine($"{"Scenario",-38} {"req/s",9} {"p50 ms",8} {"p99 ms",8} {"errors",7} {"vs health",10}" +
                  (hostPid is null ? "" : $" {"CPU ms/req",11} {"+ drain",8} {"sustained/s",12} {"drain s",8} {"backlog",8} {"RSS MB",7}"));
double? health = null;
foreach (var (name, request, workers) in scenarios)
{
    if (health is not null && only is not null && !name.Contains(only, StringComparison.OrdinalIgnoreCase)) continue;
    await RunAsync(request, workers, warmup);
    var cpuBefore = HostCpuSeconds();
    var (count, errors, latencies, elapsed) = await RunAsync(request, workers, seconds);
    var cpu = HostCpuSeconds() - cpuBefore;
    var drainWatch = Stopwatch.StartNew();
    var drained = await UntilIdleAsync() - cpuBefore; // and the background work the requests left behind
    var drainSeconds = Math.Max(0, drainWatch.Elapsed.TotalSeconds - 1); // the last, idle second is not drain
    var backlog = Backlog();
    latencies.Sort();
    var throughput = count / elapsed;
    health ??= throughput;
    Console.WriteLine($"{name,-38} {throughput,9:0} {Percentile(latencies, 0.50),8:0.0} {Percentile(latencies, 0.99),8:0.0} {errors,7} {throughput / health.Value,9:P0}"
                      + (hostPid is null ? "" : $" {1000 * cpu / Math.Max(1, count),11:0.000} {1000 * drained / Math.Max(1, count),8:0.000}" +
                          $" {count / (elapsed + drainSeconds),12:0} {drainSeconds,8:0.0} {(backlog < 0 ? "-" : backlog.ToString(CultureInfo.InvariantCulture)),8} {RssMegabytes(),7:0}"));
}

return 0;

async Task<(int Count, int Errors, List<double> Latencies, double Elapsed)> RunAsync(Func<int, HttpRequestMessage> make, int workers, int duration)
{
    var stop = Stopwatch.StartNew();
    var until = TimeSpan.FromSeconds(duration);
    var results = await Task.WhenAll(Enumerable.Range(0, workers).Select(async w =>
    {
        var latencies = new List<double>(100_000);
        var errors = 0;
        var i = w;
        while (stop.Elapsed < until)
        {
            using var request = make(i);
            i += workers;
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.SendAsync(request);
                await response.Content.LoadIntoBufferAsync();
                if (!response.IsSuccessStatusCode) errors++;
            }
            catch (HttpRequestException)
            {
                errors++;
            }

            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return (latencies, errors);
    }));
    var all = results.SelectMany(r => r.latencies).ToList();
    return (all.Count, results.Sum(r => r.errors), all, stop.Elapsed.TotalSeconds);
}

// Waits until the host uses less than 5 % of a core over a second and no outbox or inbox row is left (with
// LOAD_DATA_DIR), at most 5 minutes.
async Task<double> UntilIdleAsync()
{
    var last = HostCpuSeconds();
    for (var i = 0; hostPid is not null && i < 300; i++)
    {
        await Task.Delay(1000);
        var now = HostCpuSeconds();
        if (now - last < 0.05 && Backlog() <= 0) return now;
        last = now;
    }

    return last;
}

// Unprocessed outbox and inbox rows over every module database (sqlite3 CLI, read-only); -1 when not measurable.
long Backlog()
{
    if (dataDir is null || !Directory.Exists(dataDir)) return -1;
    long total = 0;
    foreach (var db in Directory.GetFiles(dataDir, "*.db"))
    {
        var start = new ProcessStartInfo("sqlite3", ["-readonly", db,
            "SELECT (SELECT COUNT(*) FROM OutboxMessages WHERE ProcessedOnUtc IS NULL) + (SELECT COUNT(*) FROM InboxMessages WHERE ProcessedOnUtc IS NULL);"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (long.TryParse(output.Trim(), CultureInfo.InvariantCulture, out var rows)) total += rows;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1; // no sqlite3 on this machine
        }
    }

    return total;
}

double RssMegabytes()
{
    if (hostPid is null) return 0;
    var line = File.ReadLines($"/proc/{hostPid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
}

double HostCpuSeconds()
{
    if (hostPid is null) return 0;
    var stat = File.ReadAllText($"/proc/{hostPid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // fields from the 3rd on: utime and stime are the 14th and 15th
    return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0; // clock ticks (USER_HZ = 100)
}

static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
