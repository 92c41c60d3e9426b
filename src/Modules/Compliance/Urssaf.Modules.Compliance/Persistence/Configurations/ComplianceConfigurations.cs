using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Urssaf.Modules.Compliance.Domain;

namespace Urssaf.Modules.Compliance.Persistence.Configurations;

internal sealed class EnterpriseRecordConfiguration : IEntityTypeConfiguration<EnterpriseRecord>
{
    public void Configure(EntityTypeBuilder<EnterpriseRecord> b)
    {
        b.ToTable("Enterprises");
        b.HasKey(e => e.Siret);
        b.Property(e => e.Siret).HasMaxLength(14).IsUnicode(false);
        b.Property(e => e.LegalName).HasMaxLength(200);
        b.Property(e => e.Frequency).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(e => e.AccountId);
    }
}

internal sealed class ExpectedDeclarationConfiguration : IEntityTypeConfiguration<ExpectedDeclaration>
{
    public void Configure(EntityTypeBuilder<ExpectedDeclaration> b)
    {
        b.ToTable("ExpectedDeclarations");
        b.HasKey(e => new { e.AccountId, e.Period });
        b.Property(e => e.Period).HasMaxLength(7).IsUnicode(false);
        b.HasIndex(e => new { e.LatePenaltyAssessed, e.DeadlineUtc });
    }
}

internal sealed class DeclaredTurnoverConfiguration : IEntityTypeConfiguration<DeclaredTurnover>
{
    public void Configure(EntityTypeBuilder<DeclaredTurnover> b)
    {
        b.ToTable("DeclaredTurnovers");
        b.HasKey(t => new { t.AccountId, t.Period, t.Year });
        b.Property(t => t.Period).HasMaxLength(7).IsUnicode(false);
    }
}

internal sealed class ObligationStateConfiguration : IEntityTypeConfiguration<ObligationState>
{
    public void Configure(EntityTypeBuilder<ObligationState> b)
    {
        b.ToTable("Obligations");
        b.HasKey(o => o.ObligationId);
        b.Property(o => o.ObligationId).ValueGeneratedNever();
        b.Property(o => o.Kind).HasMaxLength(20).IsUnicode(false);
        b.Property(o => o.Period).HasMaxLength(7).IsUnicode(false);
        b.HasIndex(o => o.AccountId);
        b.HasIndex(o => new { o.Kind, o.UncoveredCents, o.DueDate });
        b.Property(o => o.LateReceipts).HasMaxLength(2000).IsUnicode(false);
        b.Ignore(o => o.UnpaidAtDueDateCents);
        b.Ignore(o => o.StillOwedCents);
    }
}

internal sealed class PaymentStateConfiguration : IEntityTypeConfiguration<PaymentState>
{
    public void Configure(EntityTypeBuilder<PaymentState> b)
    {
        b.ToTable("Payments");
        b.HasKey(p => p.PaymentId);
        b.Property(p => p.PaymentId).ValueGeneratedNever();
        b.Property(p => p.Period).HasMaxLength(7).IsUnicode(false);
        b.Property(p => p.Method).HasMaxLength(20).IsUnicode(false);
        b.Property(p => p.Status).HasMaxLength(20).IsUnicode(false);
        b.HasIndex(p => new { p.AccountId, p.UpdatedOnUtc });
    }
}

internal sealed class PenaltyConfiguration : IEntityTypeConfiguration<Penalty>
{
    public void Configure(EntityTypeBuilder<Penalty> b)
    {
        b.ToTable("Penalties");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).ValueGeneratedNever();
        b.Property(p => p.Kind).HasMaxLength(20).IsUnicode(false);
        b.Property(p => p.Period).HasMaxLength(7).IsUnicode(false);
        b.Property(p => p.SourceKey).HasMaxLength(80).IsUnicode(false);
        b.Property(p => p.LegalReference).HasMaxLength(40);
        b.HasIndex(p => new { p.Kind, p.SourceKey }).IsUnique();
        b.HasIndex(p => p.AccountId);
        b.Property(p => p.Version).IsConcurrencyToken();
    }
}

internal sealed class RemissionRequestConfiguration : IEntityTypeConfiguration<RemissionRequest>
{
    public void Configure(EntityTypeBuilder<RemissionRequest> b)
    {
        b.ToTable("RemissionRequests");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).ValueGeneratedNever();
        b.HasIndex(r => r.PenaltyId).IsUnique(); // one request per majoration
        b.HasIndex(r => new { r.Status, r.RequestedOnUtc });
        b.HasIndex(r => r.AccountId);
        b.Property(r => r.Period).HasMaxLength(7).IsUnicode(false);
        b.Property(r => r.Reason).HasMaxLength(1000);
        b.Property(r => r.Status).HasMaxLength(12).IsUnicode(false);
        b.Property(r => r.DecisionNote).HasMaxLength(1000);
    }
}

internal sealed class DashboardLayoutConfiguration : IEntityTypeConfiguration<DashboardLayout>
{
    public void Configure(EntityTypeBuilder<DashboardLayout> b)
    {
        b.ToTable("DashboardLayouts");
        b.HasKey(l => l.AccountId);
        b.Property(l => l.WidgetList).HasMaxLength(300).IsUnicode(false);
    }
}

internal sealed class DashboardViewConfiguration : IEntityTypeConfiguration<DashboardView>
{
    public void Configure(EntityTypeBuilder<DashboardView> b)
    {
        b.ToTable("DashboardViews");
        b.HasKey(v => v.AccountId);
    }
}
