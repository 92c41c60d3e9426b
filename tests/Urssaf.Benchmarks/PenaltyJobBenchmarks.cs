using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Compliance;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Infrastructure.Modules;

namespace Urssaf.Benchmarks;

/// <summary>
/// The daily penalty job over N accounts, each with its Q1 declaration expected and its Q1 contributions owed, on a real
/// SQLite file (synchronous=FULL): one account in ten never filed (R613-9) and another one in ten has not paid (R243-16).
/// Each iteration starts with no penalty assessed.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 3)]
public class PenaltyJobBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 22, 30, 0, TimeSpan.Zero);
    private ServiceProvider _services = null!;
    private string _directory = null!;
    private IDailyJob _job = null!;

    [Params(100_000, 1_000_000)]
    public int Accounts { get; set; }

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
            .AddSingleton(new IntegrationEventTypeRegistry([typeof(Urssaf.Modules.Compliance.Contracts.AssemblyMarker).Assembly]))
            .Configure<MessagingOptions>(_ => { });
        new ComplianceModule().AddServices(services, configuration);
        _services = services.BuildServiceProvider();
        _services.GetServices<IModuleDatabase>().Single().MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        _job = _services.GetServices<IDailyJob>().Single(j => j.Name == "apply-penalties");
        Seed(Path.Combine(_directory, "compliance.db"), Accounts);
    }

    [IterationSetup]
    public void Reset() => Execute(Path.Combine(_directory, "compliance.db"),
        "UPDATE ExpectedDeclarations SET LatePenaltyAssessed = 0; DELETE FROM Penalties; DELETE FROM OutboxMessages;");

    [Benchmark]
    public int Assess_penalties() => _job.RunAsync(CancellationToken.None).GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static void Seed(string file, int accounts)
    {
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var expected = connection.CreateCommand();
        expected.CommandText = "INSERT INTO ExpectedDeclarations (AccountId, Period, DueDate, DeadlineUtc, FiledOnUtc, FiledLate, TotalCents, LatePenaltyAssessed) " +
                               "VALUES ($a, '2026-Q1', '2026-04-30', '2026-04-30 21:59:59', $f, 0, 100000, 0)";
        var ea = expected.Parameters.Add("$a", SqliteType.Text);
        var ef = expected.Parameters.Add("$f", SqliteType.Text);
        using var obligation = connection.CreateCommand();
        obligation.CommandText = "INSERT INTO Obligations (ObligationId, AccountId, Kind, SourceId, Period, AmountCents, PaidCents, PendingCents, UncoveredCents, DueDate, Revision) " +
                                 "VALUES ($o, $a, 'declaration', $o, '2026-Q1', 100000, $p, 0, $u, '2026-04-30', 2)";
        var oo = obligation.Parameters.Add("$o", SqliteType.Text);
        var oa = obligation.Parameters.Add("$a", SqliteType.Text);
        var op = obligation.Parameters.Add("$p", SqliteType.Integer);
        var ou = obligation.Parameters.Add("$u", SqliteType.Integer);
        for (var i = 0; i < accounts; i++)
        {
            var id = Guid.CreateVersion7().ToString().ToUpperInvariant();
            var missing = i % 10 == 0;
            var unpaid = i % 10 == 1;
            (ea.Value, ef.Value) = (id, missing ? DBNull.Value : "2026-04-20 10:00:00");
            expected.ExecuteNonQuery();
            if (missing) continue;
            (oo.Value, oa.Value, op.Value, ou.Value) = (Guid.CreateVersion7().ToString().ToUpperInvariant(), id, unpaid ? 0 : 100_000, unpaid ? 100_000 : 0);
            obligation.ExecuteNonQuery();
        }

        transaction.Commit();
    }

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
