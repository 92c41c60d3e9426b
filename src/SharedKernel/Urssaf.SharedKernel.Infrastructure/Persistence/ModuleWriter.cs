using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Urssaf.SharedKernel.Infrastructure.Persistence;

/// <summary>
/// Where a module's write units go (ADR 0130). On SQLite, one writer per module database commits the units of concurrent
/// requests together (group commit: one fsync for many); on SQL Server a unit runs on the caller's context, in the
/// caller's transaction, as any other write.
/// </summary>
public interface IModuleWriter<TContext> where TContext : ModuleDbContext
{
    /// <summary>True when units run on the writer's own context in shared transactions (SQLite).</summary>
    bool GroupsCommits { get; }

    /// <summary>
    /// Runs <paramref name="unit"/> (its changes, outbox rows, <c>SaveChanges</c>) and returns its result once committed; a
    /// failing unit throws its exception to the caller and fails alone. Under a <see cref="WriteHold"/> it returns before
    /// the commit, which the holder awaits. The unit must use the context it is given, never the caller's.
    /// </summary>
    Task<T> WriteAsync<T>(TContext callerContext, Func<TContext, CancellationToken, Task<T>> unit, CancellationToken cancellationToken);
}

/// <summary>SQL Server: a unit is an ordinary write on the caller's context (row locks, concurrent writers).</summary>
public sealed class DirectWriter<TContext> : IModuleWriter<TContext> where TContext : ModuleDbContext
{
    public bool GroupsCommits => false;

    public Task<T> WriteAsync<T>(TContext callerContext, Func<TContext, CancellationToken, Task<T>> unit, CancellationToken cancellationToken) =>
        unit(callerContext, cancellationToken);
}

/// <summary>
/// Keeps a unit's savepoint open after it ran, so that the request's idempotency record is completed in the same unit,
/// with the answer the unit led to (ADR 0123), before the batch commits. Set by the caller around the handler.
/// </summary>
public sealed class WriteHold
{
    private static readonly AsyncLocal<WriteHold?> Ambient = new();
    private readonly TaskCompletionSource<Func<ModuleDbContext, CancellationToken, Task>?> _finish = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal static WriteHold? Current => Ambient.Value;

    /// <summary>True once a unit ran under this hold and waits for <see cref="FinishAsync"/> or <see cref="Abort"/>.</summary>
    public bool Taken { get; internal set; }

    /// <summary>Makes the hold ambient for the writes of the code that follows (the handler).</summary>
    public static WriteHold Enter()
    {
        var hold = new WriteHold();
        Ambient.Value = hold;
        return hold;
    }

    /// <summary>Ends the ambient hold: later writes of the caller are ordinary units.</summary>
    public static void Leave() => Ambient.Value = null;

    /// <summary>Runs <paramref name="completion"/> in the held unit, releases it and waits for its commit.</summary>
    public async Task FinishAsync(Func<ModuleDbContext, CancellationToken, Task> completion)
    {
        _finish.TrySetResult(completion);
        await _committed.Task;
    }

    /// <summary>Rolls the held unit back (the handler failed after writing).</summary>
    public void Abort() => _finish.TrySetResult(null);

    internal Task<Func<ModuleDbContext, CancellationToken, Task>?> Finish => _finish.Task;

    internal void Committed() => _committed.TrySetResult();

    internal void Failed(Exception ex) => _committed.TrySetException(ex);
}

/// <summary>
/// One writer per SQLite module database (ADR 0130): a loop takes every unit queued while the previous batch committed,
/// runs each behind its own savepoint in one transaction on its own connection, commits once (one fsync with
/// <c>synchronous=FULL</c>), then answers each unit. A failing unit rolls back to its savepoint and fails alone; a failed
/// commit fails the units of that batch, none of which is then written. Writers of the module no longer queue on
/// SQLite's busy handler (sleeps): they queue here.
/// </summary>
public sealed class GroupCommitWriter<TContext> : IModuleWriter<TContext>, IAsyncDisposable, IDisposable where TContext : ModuleDbContext
{
    private const string Savepoint = "write_unit";

    /// <summary>Upper bound of units per transaction, so that one commit never holds the lock long.</summary>
    public const int MaxUnitsPerCommit = 256;

    /// <summary>How long a held unit may wait for its holder before it is rolled back.</summary>
    private static readonly TimeSpan HoldLimit = TimeSpan.FromSeconds(10);

    private readonly Channel<Unit> _queue = Channel.CreateUnbounded<Unit>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<TContext> _createContext;
    private readonly Lock _gate = new();
    private Task? _loop;
    private long _commits;
    private long _units;

    /// <param name="createContext">A context of its own (not pooled), for the writer's connection alone.</param>
    public GroupCommitWriter(Func<TContext> createContext) => _createContext = createContext;

    public bool GroupsCommits => true;

    /// <summary>Transactions committed so far.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Units committed so far.</summary>
    public long UnitsCommitted => Interlocked.Read(ref _units);

    public Task<T> WriteAsync<T>(TContext callerContext, Func<TContext, CancellationToken, Task<T>> unit, CancellationToken cancellationToken)
    {
        var hold = WriteHold.Current;
        if (hold is { Taken: true }) throw new InvalidOperationException("One write unit per held request: its savepoint is still open.");
        var queued = new Unit<T>(unit, hold, cancellationToken);
        EnsureStarted();
        if (!_queue.Writer.TryWrite(queued)) throw new ObjectDisposedException(nameof(GroupCommitWriter<TContext>));
        return queued.Answer.Task;
    }

    private void EnsureStarted()
    {
        if (_loop is not null) return;
        lock (_gate) _loop ??= Task.Run(RunAsync);
    }

    private async Task RunAsync()
    {
        await using var db = _createContext();
        var batch = new List<Unit>(MaxUnitsPerCommit);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxUnitsPerCommit && reader.TryRead(out var unit))
            {
                if (unit.Token.IsCancellationRequested) unit.Fail(new OperationCanceledException(unit.Token));
                else batch.Add(unit);
            }

            if (batch.Count > 0) await CommitAsync(db, batch);
        }

        await db.Database.CloseConnectionAsync();
    }

    private async Task CommitAsync(TContext db, List<Unit> batch)
    {
        var done = new List<Unit>(batch.Count);
        IDbContextTransaction? transaction = null;
        try
        {
            if (db.Database.GetDbConnection().State != System.Data.ConnectionState.Open)
                await db.Database.OpenConnectionAsync(); // kept open: one connection for the writer's lifetime
            transaction = await db.Database.BeginTransactionAsync(); // BEGIN IMMEDIATE: the module's write lock, once per batch
            foreach (var unit in batch)
            {
                await transaction.CreateSavepointAsync(Savepoint);
                try
                {
                    await unit.RunAsync(db, HoldLimit);
                    await transaction.ReleaseSavepointAsync(Savepoint);
                    done.Add(unit);
                }
                catch (Exception ex)
                {
                    await transaction.RollbackToSavepointAsync(Savepoint);
                    await transaction.ReleaseSavepointAsync(Savepoint); // savepoints do not pile up
                    unit.Fail(ex);
                }

                db.ChangeTracker.Clear(); // the next unit starts from the database, as if alone
            }

            await transaction.CommitAsync();
        }
        catch (Exception ex)
        {
            db.ChangeTracker.Clear();
            if (transaction is not null)
            {
                try { await transaction.RollbackAsync(); }
                catch (Exception) { /* the connection may be gone: the failure below is what the callers need */ }
            }

            foreach (var unit in batch) unit.Fail(ex); // nothing of this batch was written
            return;
        }
        finally
        {
            if (transaction is not null) await transaction.DisposeAsync();
        }

        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _units, done.Count);
        foreach (var unit in done) unit.Commit();
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop is not null) await _loop;
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private abstract class Unit(WriteHold? hold, CancellationToken token)
    {
        public CancellationToken Token => token;

        protected WriteHold? Hold => hold;

        public abstract Task RunAsync(TContext db, TimeSpan holdLimit);

        public abstract void Commit();

        public abstract void Fail(Exception ex);
    }

    private sealed class Unit<T>(Func<TContext, CancellationToken, Task<T>> work, WriteHold? hold, CancellationToken token) : Unit(hold, token)
    {
        private T _result = default!;
        private bool _answered;

        public TaskCompletionSource<T> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task RunAsync(TContext db, TimeSpan holdLimit)
        {
            _result = await work(db, Token);
            if (Hold is null) return;

            // Held: the caller continues with the result while the savepoint stays open, then completes its record here
            Hold.Taken = true;
            _answered = true;
            Answer.TrySetResult(_result);
            var finish = await Hold.Finish.WaitAsync(holdLimit);
            if (finish is null) throw new OperationCanceledException("The held write was abandoned by its request.");
            db.ChangeTracker.Clear();
            await finish(db, CancellationToken.None);
        }

        public override void Commit()
        {
            if (!_answered) Answer.TrySetResult(_result);
            Hold?.Committed();
        }

        public override void Fail(Exception ex)
        {
            if (!_answered) Answer.TrySetException(ex);
            Hold?.Failed(ex);
        }
    }
}
