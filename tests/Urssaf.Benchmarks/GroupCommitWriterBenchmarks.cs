using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Declarations.Persistence;
using Urssaf.SharedKernel.Infrastructure.Http.Idempotency;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.Benchmarks;

/// <summary>
/// The group-commit writer of ADR 0130 on a real SQLite file (WAL, synchronous=FULL): <see cref="Writers"/> concurrent
/// requests, each writing units back to back (a unit is what a filing writes besides its declaration: a 1 KB outbox row
/// and an idempotency record). One operation is <see cref="UnitsPerOperation"/> units; the mean is per unit. Commits and
/// units per commit are printed after each run (<c>// group commit:</c> lines in the log).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class GroupCommitWriterBenchmarks
{
    private const int UnitsPerOperation = 1024;
    private static readonly string Payload = new('x', 1000);
    private string _file = null!;
    private GroupCommitWriter<DeclarationsDbContext> _writer = null!;
    private long _commitsBefore;
    private long _unitsBefore;
    private readonly List<double> _perCommit = [];

    [Params(1, 8, 32, 128)]
    public int Writers { get; set; }

    private DeclarationsDbContext NewContext() => new DeclarationsSqliteDbContext((DbContextOptions<DeclarationsSqliteDbContext>)new DbContextOptionsBuilder<DeclarationsSqliteDbContext>()
        .UseModuleSqlite(ModuleDbContextRegistration.SqliteConnectionString(_file), DeclarationsDbContext.Schema, new DatabaseOptions { SqliteSynchronous = SqliteSynchronous.Full }).Options);

    [GlobalSetup]
    public void Setup()
    {
        _file = Path.Combine(Path.GetTempPath(), "urssaf-bench", $"{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
        using (var db = NewContext())
        {
            db.Database.Migrate();
            db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
        }

        _writer = new GroupCommitWriter<DeclarationsDbContext>(NewContext);
    }

    [IterationSetup]
    public void Mark()
    {
        _commitsBefore = _writer.Commits;
        _unitsBefore = _writer.UnitsCommitted;
    }

    [IterationCleanup]
    public void Count() => _perCommit.Add((double)(_writer.UnitsCommitted - _unitsBefore) / Math.Max(1, _writer.Commits - _commitsBefore));

    [Benchmark(OperationsPerInvoke = UnitsPerOperation)]
    public async Task Write_units()
    {
        var each = UnitsPerOperation / Writers;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < each; i++) await _writer.WriteAsync(null!, Unit, CancellationToken.None);
        })));
    }

    private static async Task<int> Unit(DeclarationsDbContext db, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        db.OutboxMessages.Add(new OutboxMessage { Id = Guid.CreateVersion7(), Type = "bench", Content = Payload, OccurredOnUtc = now, NextAttemptOnUtc = now });
        db.IdempotencyRecords.Add(new IdempotencyRecord
        {
            Scope = "bench", Endpoint = "PUT /bench", Key = Guid.NewGuid().ToString("N"), Fingerprint = "f", CreatedOnUtc = now,
            ExpiresOnUtc = now.AddDays(1), LockedUntilUtc = now,
        });
        return await db.SaveChangesAsync(ct);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// group commit: {Writers} writers, units per commit {string.Join(" / ", _perCommit.Select(p => p.ToString("0.0")))}");
        _writer.Dispose();
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }
}
