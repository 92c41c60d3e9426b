using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Notifications;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Infrastructure.Modules;

namespace Urssaf.Benchmarks;

/// <summary>
/// The daily deadline-reminder job over N accounts that all have a declaration due in 7 days, on a real SQLite
/// file with the production durability (synchronous=FULL): one <c>INSERT … SELECT</c> per step (ADR 0137).
/// Each iteration starts from un-reminded rows (no message, no mask).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 3)]
public class ReminderJobBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 4, 23, 6, 0, 0, TimeSpan.Zero);
    private ServiceProvider _services = null!;
    private string _directory = null!;
    private IDailyJob _job = null!;

    [ParamsSource(nameof(Sizes))]
    public int Accounts { get; set; }

    /// <summary>100,000 and 1,000,000 accounts, or only those listed in <c>REMINDER_BENCH_ACCOUNTS</c> (e.g. <c>100000</c>).</summary>
    public static IEnumerable<int> Sizes() =>
        Environment.GetEnvironmentVariable("REMINDER_BENCH_ACCOUNTS") is { Length: > 0 } sizes
            ? sizes.Split(',').Select(int.Parse)
            : [100_000, 1_000_000];

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "urssaf-bench", Guid.NewGuid().ToString("N"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = _directory,
            ["Database:Provider"] = "Sqlite",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(new FixedClock(Now))
            .AddSingleton(new IntegrationEventTypeRegistry([]))
            .Configure<MessagingOptions>(_ => { });
        new NotificationsModule().AddServices(services, configuration);
        _services = services.BuildServiceProvider();
        _services.GetServices<IModuleDatabase>().Single().MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        _job = _services.GetServices<IDailyJob>().Single(j => j.Name == "remind-deadlines");
        Seed(Path.Combine(_directory, "notifications.db"), Accounts);
    }

    [IterationSetup]
    public void Reset() => Execute(Path.Combine(_directory, "notifications.db"),
        "UPDATE PendingDeclarations SET RemindedDaysMask = 0; DELETE FROM OutgoingMessages;");

    [Benchmark]
    public int Remind_every_account_due_in_7_days() => _job.RunAsync(CancellationToken.None).GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>
    /// Contacts and pending declarations made by one statement each (a million prepared inserts outlasted the in-process
    /// toolchain's limit on a loaded machine); account ids are time-ordered like version-7 ids, in creation order.
    /// </summary>
    private static void Seed(string file, int accounts) => Execute(file, $"""
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < {accounts})
        INSERT INTO Contacts (AccountId, FirstName, Email, MobilePhone, Siret)
        SELECT printf('019AD%03X-%04X-7000-8000-%012X', i / 4194304, (i / 64) % 65536, i), 'Inès', 'account' || i || '@example.test', '+33612345678', ''
        FROM n;
        INSERT INTO PendingDeclarations (AccountId, Period, DueDate, Filed, RemindedDaysMask)
        SELECT AccountId, '2026-Q1', '2026-04-30', 0, 0 FROM Contacts;
        """);

    private static void Execute(string file, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
