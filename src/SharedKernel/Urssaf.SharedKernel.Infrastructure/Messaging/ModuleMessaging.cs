using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Urssaf.SharedKernel.Infrastructure.Observability;
using Urssaf.SharedKernel.Infrastructure.Persistence;
using Urssaf.SharedKernel.Messaging;

namespace Urssaf.SharedKernel.Infrastructure.Messaging;

/// <summary>One module's messaging: relays its outbox, receives into its inbox, consumes its inbox.</summary>
public interface IModuleMessaging
{
    string Module { get; }

    /// <summary>Relays one batch of outbox rows to the subscribers' inboxes; returns how many rows it handled.</summary>
    Task<int> RelayOutboxAsync(CancellationToken cancellationToken);

    /// <summary>Runs the module's handlers on one batch of inbox rows; returns how many rows it handled.</summary>
    Task<int> ProcessInboxAsync(CancellationToken cancellationToken);

    /// <summary>Stores a delivered event in this module's inbox; a second delivery of the same id is a no-op.</summary>
    Task ReceiveAsync(Guid id, string type, string content, CancellationToken cancellationToken);

    /// <summary>Stores several delivered events in one transaction; those already received are skipped.</summary>
    Task ReceiveAsync(IReadOnlyList<Delivery> deliveries, CancellationToken cancellationToken);

    /// <summary>Deletes processed messages older than the retention and expired idempotency records.</summary>
    Task<int> CleanupAsync(CancellationToken cancellationToken);

    /// <summary>Rows that reached the attempt limit.</summary>
    Task<int> CountDeadLettersAsync(CancellationToken cancellationToken);

    /// <summary>The dead letters of this module's outbox and inbox, oldest first (at most <paramref name="max"/>).</summary>
    Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int max, CancellationToken cancellationToken);

    /// <summary>Gives one dead letter a fresh set of attempts, due now; what it says happened to it.</summary>
    Task<ReplayOutcome> ReplayDeadLetterAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Unprocessed rows and the age of the oldest due one, per queue: the backlog and lag metrics.</summary>
    Task<QueueState> MeasureAsync(CancellationToken cancellationToken);

    /// <summary>Ends every lease on unprocessed rows: only for a single host starting, whose previous process died holding them.</summary>
    Task<int> ReleaseLeasesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// One hop (ADR 0131): stores delivered events in this module's inbox already leased to the caller, in one transaction,
    /// then handles them at once under that lease; returns how many it handled. Rows it could not handle stay for polling.
    /// </summary>
    Task<int> ReceiveAndHandleAsync(IReadOnlyList<Delivery> deliveries, CancellationToken cancellationToken);
}

/// <summary>One event handed to a subscriber's inbox.</summary>
public sealed record Delivery(Guid Id, string Type, string Content);

/// <summary>
/// A module's messaging, in named parts: <see cref="OutboxRelay{TContext}"/>, <see cref="InboxConsumer{TContext}"/>,
/// <see cref="MessagingCleanup{TContext}"/> and <see cref="LeaseRecovery{TContext}"/>, plus the operator's side (dead letters).
/// Every claim is one conditional statement and every handling re-checks its lease (ADR 0120).
/// </summary>
public sealed partial class ModuleMessaging<TContext> : IModuleMessaging
    where TContext : ModuleDbContext
{
    /// <summary>What remains of a sensitive event's content once it has been handled.</summary>
    public const string ErasedContent = ModuleMessagingContent.Erased;

    private readonly string module;
    private readonly IServiceScopeFactory scopes;
    private readonly IOptions<MessagingOptions> options;
    private readonly TimeProvider clock;
    private readonly ILogger logger;
    private readonly OutboxRelay<TContext> _relay;
    private readonly InboxConsumer<TContext> _inbox;
    private readonly MessagingCleanup<TContext> _cleanup;
    private readonly LeaseRecovery<TContext> _leases;

    public ModuleMessaging(string module, IServiceScopeFactory scopes, IntegrationEventRouting routing, IntegrationEventTypeRegistry registry,
        TimeProvider clock, IOptions<MessagingOptions> options, ILogger<ModuleMessaging<TContext>> logger, SensitivePayloadProtector payloads,
        UrssafMetrics metrics)
    {
        this.module = module;
        this.scopes = scopes;
        this.options = options;
        this.clock = clock;
        this.logger = logger;
        _inbox = new InboxConsumer<TContext>(module, scopes, routing, registry, clock, options, logger, payloads);
        _relay = new OutboxRelay<TContext>(module, scopes, routing, registry, clock, options, logger, metrics);
        _cleanup = new MessagingCleanup<TContext>(scopes, clock, options);
        _leases = new LeaseRecovery<TContext>(scopes);
    }

    public string Module => module;

    private MessagingOptions Options => options.Value;

    public Task<int> RelayOutboxAsync(CancellationToken cancellationToken) => _relay.RelayAsync(cancellationToken);

    public Task<int> ProcessInboxAsync(CancellationToken cancellationToken) => _inbox.ProcessDueAsync(cancellationToken);

    public Task ReceiveAsync(Guid id, string type, string content, CancellationToken cancellationToken) =>
        _inbox.ReceiveAsync(id, type, content, cancellationToken);

    public Task ReceiveAsync(IReadOnlyList<Delivery> deliveries, CancellationToken cancellationToken) =>
        _inbox.ReceiveAsync(deliveries, cancellationToken);

    public Task<int> ReceiveAndHandleAsync(IReadOnlyList<Delivery> deliveries, CancellationToken cancellationToken) =>
        _inbox.ReceiveAndHandleAsync(deliveries, cancellationToken);

    public Task<int> CleanupAsync(CancellationToken cancellationToken) => _cleanup.RunAsync(cancellationToken);

    public Task<int> ReleaseLeasesAsync(CancellationToken cancellationToken) => _leases.ReleaseAllAsync(cancellationToken);

    public async Task<int> CountDeadLettersAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var max = Options.MaxAttempts;
        return await db.OutboxMessages.CountAsync(m => m.ProcessedOnUtc == null && m.Attempts >= max, cancellationToken)
             + await db.InboxMessages.CountAsync(m => m.ProcessedOnUtc == null && m.Attempts >= max, cancellationToken);
    }

    /// <inheritdoc cref="MessageClaims.SqliteClaim"/>
    public static string SqliteClaim(string table) => MessageClaims.SqliteClaim(table);

    /// <inheritdoc cref="MessageClaims.SqlServerClaim"/>
    public static string SqlServerClaim(string schema, string table) => MessageClaims.SqlServerClaim(schema, table);
}
