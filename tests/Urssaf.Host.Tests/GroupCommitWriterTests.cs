using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Declarations.Persistence;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.Host.Tests;

/// <summary>The group-commit writer of ADR 0130, on a real SQLite file in WAL mode with synchronous=FULL.</summary>
public sealed class GroupCommitWriterTests : IAsyncLifetime
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "urssaf-writer", $"{Guid.NewGuid():N}.db");
    private GroupCommitWriter<DeclarationsDbContext> _writer = null!;

    private DeclarationsDbContext NewContext() => new DeclarationsSqliteDbContext((DbContextOptions<DeclarationsSqliteDbContext>)new DbContextOptionsBuilder<DeclarationsSqliteDbContext>()
        .UseModuleSqlite(ModuleDbContextRegistration.SqliteConnectionString(_file), DeclarationsDbContext.Schema).Options);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
        await using (var db = NewContext())
        {
            await db.Database.MigrateAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

        _writer = new GroupCommitWriter<DeclarationsDbContext>(NewContext);
    }

    public async Task DisposeAsync()
    {
        await _writer.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    private static OutboxMessage Row(Guid id) => new() { Id = id, Type = "test", Content = "{}", OccurredOnUtc = DateTime.UtcNow, NextAttemptOnUtc = DateTime.UtcNow };

    private static Func<DeclarationsDbContext, CancellationToken, Task<int>> Insert(Guid id) => async (db, ct) =>
    {
        db.OutboxMessages.Add(Row(id));
        return await db.SaveChangesAsync(ct);
    };

    /// <summary>Read through a connection of its own, as another request would: only committed rows.</summary>
    private bool Committed(Guid id)
    {
        using var connection = new SqliteConnection(ModuleDbContextRegistration.SqliteConnectionString(_file));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM OutboxMessages WHERE Id = $id";
        command.Parameters.AddWithValue("$id", id.ToString().ToUpperInvariant());
        return (long)command.ExecuteScalar()! == 1;
    }

    /// <summary>Blocks the writer on a first unit, so that the next units queue and form one batch.</summary>
    private async Task<(Task First, TaskCompletionSource Release)> BlockAsync()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = _writer.WriteAsync(null!, async (_, _) => { started.SetResult(); await release.Task; return 0; }, CancellationToken.None);
        await started.Task;
        return (first, release);
    }

    [Fact]
    public async Task Concurrent_units_share_commits_and_each_is_answered_only_once_committed()
    {
        var ids = Enumerable.Range(0, 64).Select(_ => Guid.CreateVersion7()).ToList();
        var answered = await Task.WhenAll(ids.Select(async id =>
        {
            await Task.Yield();
            await _writer.WriteAsync(null!, Insert(id), CancellationToken.None);
            return Committed(id); // visible to another connection the moment the unit is answered
        }));

        Assert.All(answered, Assert.True);
        Assert.Equal(64, _writer.UnitsCommitted);
        Assert.InRange(_writer.Commits, 1, 63);
    }

    [Fact]
    public async Task A_failing_unit_rolls_back_alone_and_the_others_of_its_batch_commit()
    {
        var taken = Guid.CreateVersion7();
        await _writer.WriteAsync(null!, Insert(taken), CancellationToken.None);
        var (first, release) = await BlockAsync();
        var before = Guid.CreateVersion7();
        var after = Guid.CreateVersion7();
        var ok1 = _writer.WriteAsync(null!, Insert(before), CancellationToken.None);
        var duplicate = _writer.WriteAsync(null!, async (db, ct) =>
        {
            db.OutboxMessages.Add(Row(Guid.CreateVersion7())); // written, then undone with its unit
            await db.SaveChangesAsync(ct);
            db.OutboxMessages.Add(Row(taken));
            return await db.SaveChangesAsync(ct);
        }, CancellationToken.None);
        var ok2 = _writer.WriteAsync(null!, Insert(after), CancellationToken.None);
        var thrower = _writer.WriteAsync<int>(null!, (_, _) => throw new InvalidOperationException("refused"), CancellationToken.None);
        release.SetResult();
        await first;

        await ok1;
        await ok2;
        await Assert.ThrowsAsync<DbUpdateException>(() => duplicate);
        await Assert.ThrowsAsync<InvalidOperationException>(() => thrower);
        Assert.True(Committed(before));
        Assert.True(Committed(after));
        await using var db = NewContext();
        Assert.Equal(3, await db.OutboxMessages.CountAsync());
        Assert.Equal(3, _writer.Commits); // the first row, the blocking unit, then one batch for the four others
    }

    [Fact]
    public async Task A_held_unit_stays_uncommitted_until_its_holder_completes_it_in_the_same_unit()
    {
        var change = Guid.CreateVersion7();
        var completion = Guid.CreateVersion7();
        var hold = WriteHold.Enter();
        await _writer.WriteAsync(null!, Insert(change), CancellationToken.None);
        WriteHold.Leave();

        Assert.True(hold.Taken);
        Assert.False(Committed(change)); // the unit ran; its savepoint waits for the holder
        await hold.FinishAsync(async (db, ct) =>
        {
            db.OutboxMessages.Add(Row(completion));
            await db.SaveChangesAsync(ct);
        });
        Assert.True(Committed(change));
        Assert.True(Committed(completion));
    }

    [Fact]
    public async Task A_held_unit_is_rolled_back_when_aborted_or_when_its_completion_fails()
    {
        var aborted = Guid.CreateVersion7();
        var hold = WriteHold.Enter();
        await _writer.WriteAsync(null!, Insert(aborted), CancellationToken.None);
        WriteHold.Leave();
        var other = _writer.WriteAsync(null!, Insert(Guid.CreateVersion7()), CancellationToken.None); // queued behind the held one
        hold.Abort();
        await other;
        Assert.False(Committed(aborted));

        var failed = Guid.CreateVersion7();
        var second = WriteHold.Enter();
        await _writer.WriteAsync(null!, Insert(failed), CancellationToken.None);
        WriteHold.Leave();
        await Assert.ThrowsAsync<InvalidOperationException>(() => second.FinishAsync((_, _) => throw new InvalidOperationException("lease lost")));
        Assert.False(Committed(failed));
        await using var db = NewContext();
        Assert.Equal(1, await db.OutboxMessages.CountAsync());
    }

    [Fact]
    public async Task A_second_unit_under_a_taken_hold_is_refused_instead_of_waiting_for_itself()
    {
        var hold = WriteHold.Enter();
        await _writer.WriteAsync(null!, Insert(Guid.CreateVersion7()), CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _writer.WriteAsync(null!, Insert(Guid.CreateVersion7()), CancellationToken.None));
        WriteHold.Leave();
        hold.Abort();
    }
}
