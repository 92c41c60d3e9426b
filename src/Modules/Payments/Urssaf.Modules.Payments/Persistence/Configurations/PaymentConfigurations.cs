using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Urssaf.Modules.Payments.Domain;
using Urssaf.Modules.Payments.Sepa;

namespace Urssaf.Modules.Payments.Persistence.Configurations;

internal sealed class MandateConfiguration : IEntityTypeConfiguration<Mandate>
{
    public void Configure(EntityTypeBuilder<Mandate> b)
    {
        b.ToTable("Mandates");
        b.HasKey(m => m.Id);
        b.Property(m => m.Id).ValueGeneratedNever();
        b.HasIndex(m => m.Rum).IsUnique();
        b.HasIndex(m => m.AccountId);
        b.Property(m => m.Rum).HasMaxLength(35).IsUnicode(false);
        b.Property(m => m.IbanCipher).HasMaxLength(128);
        b.Property(m => m.MaskedIban).HasMaxLength(34).IsUnicode(false);
        b.Property(m => m.Bic).HasMaxLength(11).IsUnicode(false);
        b.Property(m => m.HolderName).HasMaxLength(70);
        b.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.RevocationReason).HasMaxLength(20);
    }
}

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> b)
    {
        b.ToTable("Payments");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).ValueGeneratedNever();
        b.HasIndex(p => new { p.AccountId, p.CreatedOnUtc });
        b.HasIndex(p => p.Reference).IsUnique();
        b.HasIndex(p => p.ObligationId);
        b.HasIndex(p => new { p.Status, p.ExpiresOnUtc });
        b.HasIndex(p => p.PlanInstalmentId);
        b.Property(p => p.Period).HasMaxLength(7).IsUnicode(false);
        b.Property(p => p.Reference).HasMaxLength(16).IsUnicode(false);
        b.Property(p => p.Method).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.ReturnReason).HasMaxLength(4).IsUnicode(false);
        b.Property(p => p.Revision).IsConcurrencyToken();
        b.HasMany(p => p.Collections).WithOne().HasForeignKey(c => c.PaymentId);
    }
}

internal sealed class PaymentAllocationConfiguration : IEntityTypeConfiguration<PaymentAllocation>
{
    public void Configure(EntityTypeBuilder<PaymentAllocation> b)
    {
        b.ToTable("PaymentAllocations");
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).ValueGeneratedNever();
        b.HasIndex(a => a.ObligationId);
        b.HasIndex(a => a.PaymentId);
    }
}

internal sealed class CollectionConfiguration : IEntityTypeConfiguration<Collection>
{
    public void Configure(EntityTypeBuilder<Collection> b)
    {
        b.ToTable("Collections");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedNever();
        b.HasIndex(c => c.EndToEndId).IsUnique();
        b.HasIndex(c => new { c.CollectionDate, c.Status });
        b.HasIndex(c => c.MandateId);
        b.Property(c => c.EndToEndId).HasMaxLength(35).IsUnicode(false);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.SequenceType).HasMaxLength(4).IsUnicode(false);
        b.Property(c => c.ReturnReason).HasMaxLength(4).IsUnicode(false);
    }
}

internal sealed class SepaBatchConfiguration : IEntityTypeConfiguration<SepaBatch>
{
    public void Configure(EntityTypeBuilder<SepaBatch> b)
    {
        b.ToTable("SepaBatches");
        SepaFiles.ConfigureFile(b);
        b.HasIndex(s => s.CollectionDate).IsUnique();
    }
}

internal sealed class BankStatementConfiguration : IEntityTypeConfiguration<BankStatementImport>
{
    public void Configure(EntityTypeBuilder<BankStatementImport> b)
    {
        b.ToTable("BankStatementImports");
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedNever();
        b.HasIndex(s => s.Sha256).IsUnique();
        b.Property(s => s.Sha256).HasMaxLength(64).IsUnicode(false);
        b.Property(s => s.MessageId).HasMaxLength(35);
    }
}

internal sealed class BankEntryConfiguration : IEntityTypeConfiguration<BankEntry>
{
    public void Configure(EntityTypeBuilder<BankEntry> b)
    {
        b.ToTable("BankEntries");
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).ValueGeneratedNever();
        b.HasIndex(e => e.Key).IsUnique();
        b.HasIndex(e => e.Outcome);
        b.Property(e => e.Key).HasMaxLength(200);
        b.Property(e => e.EndToEndId).HasMaxLength(35);
        b.Property(e => e.Remittance).HasMaxLength(140);
        b.Property(e => e.ReturnReason).HasMaxLength(35);
        b.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(30);
    }
}

internal sealed class CardNotificationConfiguration : IEntityTypeConfiguration<CardNotification>
{
    public void Configure(EntityTypeBuilder<CardNotification> b)
    {
        b.ToTable("CardNotifications");
        b.HasKey(n => n.EventId);
        b.Property(n => n.EventId).HasMaxLength(100).IsUnicode(false);
        b.Property(n => n.Type).HasMaxLength(40).IsUnicode(false);
        b.Property(n => n.Outcome).HasMaxLength(20).IsUnicode(false);
        b.HasIndex(n => n.PaymentId);
    }
}

internal sealed class PaymentPlanConfiguration : IEntityTypeConfiguration<PaymentPlan>
{
    public void Configure(EntityTypeBuilder<PaymentPlan> b)
    {
        b.ToTable("PaymentPlans");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).ValueGeneratedNever();
        b.HasIndex(p => new { p.AccountId, p.CreatedOnUtc });
        b.HasIndex(p => p.Status);
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.Reason).HasMaxLength(2000);
        b.Property(p => p.DecisionNote).HasMaxLength(1000);
        b.Property(p => p.RefusalCodes).HasMaxLength(200).IsUnicode(false);
        b.Property(p => p.Revision).IsConcurrencyToken();
        b.HasMany(p => p.Debts).WithOne().HasForeignKey(d => d.PlanId);
        b.HasMany(p => p.Instalments).WithOne().HasForeignKey(i => i.PlanId);
        b.Navigation(p => p.Debts).AutoInclude();
        b.Navigation(p => p.Instalments).AutoInclude();
    }
}

internal sealed class PlanDebtConfiguration : IEntityTypeConfiguration<PlanDebt>
{
    public void Configure(EntityTypeBuilder<PlanDebt> b)
    {
        b.ToTable("PlanDebts");
        b.HasKey(d => d.Id);
        b.Property(d => d.Id).ValueGeneratedNever();
        b.HasIndex(d => d.ObligationId);
        b.Property(d => d.Period).HasMaxLength(7).IsUnicode(false);
    }
}

internal sealed class PlanInstalmentConfiguration : IEntityTypeConfiguration<PlanInstalment>
{
    public void Configure(EntityTypeBuilder<PlanInstalment> b)
    {
        b.ToTable("PlanInstalments");
        b.HasKey(i => i.Id);
        b.Property(i => i.Id).ValueGeneratedNever();
        b.HasIndex(i => new { i.PlanId, i.Number }).IsUnique();
    }
}

internal sealed class RefundConfiguration : IEntityTypeConfiguration<Refund>
{
    public void Configure(EntityTypeBuilder<Refund> b)
    {
        b.ToTable("Refunds");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).ValueGeneratedNever();
        b.HasIndex(r => new { r.AccountId, r.RequestedOnUtc });
        b.HasIndex(r => r.EndToEndId).IsUnique();
        b.HasIndex(r => new { r.ExecutionDate, r.Status });
        b.Property(r => r.EndToEndId).HasMaxLength(35).IsUnicode(false);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.ReturnReason).HasMaxLength(4).IsUnicode(false);
        b.HasMany(r => r.Parts).WithOne().HasForeignKey(p => p.RefundId);
    }
}

internal sealed class RefundPartConfiguration : IEntityTypeConfiguration<RefundPart>
{
    public void Configure(EntityTypeBuilder<RefundPart> b)
    {
        b.ToTable("RefundParts");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).ValueGeneratedNever();
        b.HasIndex(p => p.ObligationId);
    }
}

internal sealed class CreditTransferBatchConfiguration : IEntityTypeConfiguration<CreditTransferBatch>
{
    public void Configure(EntityTypeBuilder<CreditTransferBatch> b)
    {
        b.ToTable("CreditTransferBatches");
        SepaFiles.ConfigureFile(b);
        b.HasIndex(s => s.ExecutionDate).IsUnique();
    }
}
