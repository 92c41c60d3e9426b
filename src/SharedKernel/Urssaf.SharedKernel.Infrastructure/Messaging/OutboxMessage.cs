using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Urssaf.SharedKernel.Messaging;

namespace Urssaf.SharedKernel.Infrastructure.Messaging;

/// <summary>Common shape of the outbox and inbox rows.</summary>
public abstract class MessageRow
{
    public Guid Id { get; set; }
    public string Type { get; set; } = "";
    public string Content { get; set; } = "";
    public DateTime? ProcessedOnUtc { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTime NextAttemptOnUtc { get; set; }
    public DateTime? LockedUntilUtc { get; set; }

    /// <summary>Records a failure; the next attempt waits 2^attempts seconds (capped at one hour).</summary>
    public void Fail(Exception error, DateTime now)
    {
        Attempts++;
        LastError = $"{error.GetType().Name}: {error.Message}";
        if (LastError.Length > 2000) LastError = LastError[..2000];
        NextAttemptOnUtc = now.AddSeconds(Math.Min(3600, Math.Pow(2, Attempts)));
        LockedUntilUtc = null;
    }

    public void Succeed(DateTime now)
    {
        ProcessedOnUtc = now;
        LockedUntilUtc = null;
    }
}

/// <summary>An integration event written in the same transaction as the change that raised it.</summary>
public sealed class OutboxMessage : MessageRow
{
    public DateTime OccurredOnUtc { get; set; }

    public static OutboxMessage From(IIntegrationEvent integrationEvent) => new()
    {
        Id = integrationEvent.EventId,
        Type = IntegrationEventTypeRegistry.KeyOf(integrationEvent.GetType()),
        Content = JsonSerializer.Serialize(integrationEvent, integrationEvent.GetType(), IntegrationEventTypeRegistry.Json),
        OccurredOnUtc = integrationEvent.OccurredOnUtc,
        NextAttemptOnUtc = integrationEvent.OccurredOnUtc,
    };
}

/// <summary>An integration event received by a subscribing module; its id makes a second delivery a no-op.</summary>
public sealed class InboxMessage : MessageRow
{
    public DateTime ReceivedOnUtc { get; set; }
}

internal static class MessageRowConfiguration
{
    public static void Configure<T>(EntityTypeBuilder<T> b, string table) where T : MessageRow
    {
        b.ToTable(table);
        b.HasKey(m => m.Id);
        b.Property(m => m.Id).ValueGeneratedNever();
        b.Property(m => m.Type).HasMaxLength(200).IsRequired();
        b.Property(m => m.Content).IsRequired();
        b.Property(m => m.LastError).HasMaxLength(2000);
        b.HasIndex(m => new { m.ProcessedOnUtc, m.NextAttemptOnUtc });
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder) => MessageRowConfiguration.Configure(builder, "OutboxMessages");
}

internal sealed class InboxMessageConfiguration : IEntityTypeConfiguration<InboxMessage>
{
    public void Configure(EntityTypeBuilder<InboxMessage> builder) => MessageRowConfiguration.Configure(builder, "InboxMessages");
}
