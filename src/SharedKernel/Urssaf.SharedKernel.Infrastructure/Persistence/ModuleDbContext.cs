using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http.Idempotency;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Messaging;

namespace Urssaf.SharedKernel.Infrastructure.Persistence;

/// <summary>
/// Base of every module's context: its own schema, its outbox and inbox, its idempotency records, and the
/// conventions that hold on both providers (UTC <see cref="DateTime"/>, <see cref="AccountId"/> as a GUID).
/// </summary>
public abstract class ModuleDbContext : DbContext
{
    protected ModuleDbContext(DbContextOptions options, string schema) : base(options) => SchemaName = schema;

    public string SchemaName { get; }

    /// <summary>True for modules that keep a tamper-evident journal (ADR 0112) in their own database.</summary>
    protected virtual bool HasJournal => false;

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    /// <summary>Queues an integration event; it is written by the same <c>SaveChanges</c> as the business change.</summary>
    public void AddIntegrationEvent(IIntegrationEvent integrationEvent) =>
        OutboxMessages.Add(OutboxMessage.From(integrationEvent));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(SchemaName);
        modelBuilder.ApplyConfiguration(new OutboxMessageConfiguration());
        modelBuilder.ApplyConfiguration(new InboxMessageConfiguration());
        modelBuilder.ApplyConfiguration(new IdempotencyRecordConfiguration());
        if (HasJournal) Journal.JournalModel.ApplyJournal(modelBuilder);
        if (GetType().Assembly.GetTypes().Any(t => !t.IsAbstract && t.GetInterfaces()
                .Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEntityTypeConfiguration<>))))
            modelBuilder.ApplyConfigurationsFromAssembly(GetType().Assembly); // modules that configure in OnModelCreating have none
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<AccountId>().HaveConversion<AccountIdConverter>();
        configurationBuilder.Properties<string>().AreUnicode();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class AccountIdConverter() : ValueConverter<AccountId, Guid>(v => v.Value, v => new AccountId(v));
}
