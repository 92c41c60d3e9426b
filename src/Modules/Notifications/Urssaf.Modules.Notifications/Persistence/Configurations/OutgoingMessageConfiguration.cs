using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Urssaf.Modules.Notifications.Domain;

namespace Urssaf.Modules.Notifications.Persistence.Configurations;

internal sealed class OutgoingMessageConfiguration : IEntityTypeConfiguration<OutgoingMessage>
{
    public void Configure(EntityTypeBuilder<OutgoingMessage> b)
    {
        b.ToTable("OutgoingMessages");
        b.HasKey(m => m.Id);
        b.Property(m => m.Id).ValueGeneratedNever();
        b.HasIndex(m => new { m.SourceEventId, m.Channel }).IsUnique();
        b.HasIndex(m => new { m.Status, m.NextAttemptOnUtc });
        b.HasIndex(m => new { m.AccountId, m.CreatedOnUtc });
        b.Property(m => m.Topic).HasMaxLength(40);
        b.Property(m => m.Channel).HasConversion<string>().HasMaxLength(10);
        b.Property(m => m.Status).HasConversion<string>().HasMaxLength(10);
        b.Property(m => m.Recipient).HasMaxLength(254);
        b.Property(m => m.Subject).HasMaxLength(200);
        b.Property(m => m.LastError).HasMaxLength(500);
        b.Property(m => m.ProviderId).HasMaxLength(200);
        b.Property(m => m.Template).HasMaxLength(40).IsUnicode(false);
        b.Property(m => m.Period).HasMaxLength(7).IsUnicode(false);
        // never twice for an (account, period, step) on a channel (ADR 0137); other messages are not in it
        b.HasIndex(m => new { m.AccountId, m.Period, m.DaysBefore, m.Channel }).IsUnique().HasFilter("\"DaysBefore\" IS NOT NULL");
    }
}

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> b)
    {
        b.ToTable("Contacts");
        b.HasKey(c => c.AccountId);
        b.Property(c => c.FirstName).HasMaxLength(100);
        b.Property(c => c.Email).HasMaxLength(254);
        b.Property(c => c.MobilePhone).HasMaxLength(16);
        b.Property(c => c.Siret).HasMaxLength(14).IsUnicode(false);
        b.HasIndex(c => c.Siret);
    }
}

internal sealed class PreferenceConfiguration : IEntityTypeConfiguration<Preference>
{
    public void Configure(EntityTypeBuilder<Preference> b)
    {
        b.ToTable("Preferences");
        b.HasKey(p => new { p.AccountId, p.Topic });
        b.Property(p => p.Topic).HasMaxLength(40);
        b.Property(p => p.Choice).HasConversion<string>().HasMaxLength(10);
    }
}

internal sealed class PendingDeclarationConfiguration : IEntityTypeConfiguration<PendingDeclaration>
{
    public void Configure(EntityTypeBuilder<PendingDeclaration> b)
    {
        b.ToTable("PendingDeclarations");
        b.HasKey(p => new { p.AccountId, p.Period });
        b.Property(p => p.Period).HasMaxLength(7).IsUnicode(false);
        b.HasIndex(p => new { p.DueDate, p.Filed });
    }
}

internal sealed class PendingPaymentConfiguration : IEntityTypeConfiguration<PendingPayment>
{
    public void Configure(EntityTypeBuilder<PendingPayment> b)
    {
        b.ToTable("PendingPayments");
        b.HasKey(p => p.ObligationId);
        b.Property(p => p.ObligationId).ValueGeneratedNever();
        b.Property(p => p.Period).HasMaxLength(7).IsUnicode(false);
        b.Property(p => p.Kind).HasMaxLength(20).IsUnicode(false);
        b.HasIndex(p => new { p.DueDate, p.UncoveredCents });
    }
}
