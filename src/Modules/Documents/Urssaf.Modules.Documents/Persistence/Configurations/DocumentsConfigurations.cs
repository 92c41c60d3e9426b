using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Urssaf.Modules.Documents.Domain;

namespace Urssaf.Modules.Documents.Persistence.Configurations;

internal sealed class DocumentConfiguration : IEntityTypeConfiguration<Document>
{
    public void Configure(EntityTypeBuilder<Document> b)
    {
        b.ToTable("Documents");
        b.HasKey(d => d.Id);
        b.Property(d => d.Id).ValueGeneratedNever();
        b.Property(d => d.Type).HasMaxLength(30).IsUnicode(false);
        b.Property(d => d.Title).HasMaxLength(120);
        b.Property(d => d.Period).HasMaxLength(7).IsUnicode(false);
        b.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.VerificationCodeHash).HasMaxLength(64).IsUnicode(false);
        b.Property(d => d.SourceKey).HasMaxLength(120).IsUnicode(false);
        b.Property(d => d.StorageKey).HasMaxLength(200).IsUnicode(false);
        b.Property(d => d.Sha256).HasMaxLength(64).IsUnicode(false);
        b.HasIndex(d => d.SourceKey).IsUnique();
        b.HasIndex(d => d.VerificationCodeHash).IsUnique();
        b.HasIndex(d => new { d.AccountId, d.IssuedOnUtc });
    }
}

internal sealed class HolderConfiguration : IEntityTypeConfiguration<Holder>
{
    public void Configure(EntityTypeBuilder<Holder> b)
    {
        b.ToTable("Holders");
        b.HasKey(h => h.Siret);
        b.Property(h => h.Siret).HasMaxLength(14).IsUnicode(false);
        b.Property(h => h.LegalName).HasMaxLength(200);
        b.Property(h => h.Address).HasMaxLength(300);
        b.Property(h => h.ApeCode).HasMaxLength(6).IsUnicode(false);
        b.HasIndex(h => h.AccountId);
    }
}

internal sealed class DeclaredPeriodConfiguration : IEntityTypeConfiguration<DeclaredPeriod>
{
    public void Configure(EntityTypeBuilder<DeclaredPeriod> b)
    {
        b.ToTable("DeclaredPeriods");
        b.HasKey(d => new { d.AccountId, d.Period });
        b.Property(d => d.Period).HasMaxLength(7).IsUnicode(false);
        b.Property(d => d.Lines).HasMaxLength(2000).IsUnicode(false);
    }
}

internal sealed class PaymentReturnConfiguration : IEntityTypeConfiguration<PaymentReturn>
{
    public void Configure(EntityTypeBuilder<PaymentReturn> b)
    {
        b.ToTable("PaymentReturns");
        b.HasKey(r => r.SourceKey);
        b.Property(r => r.SourceKey).HasMaxLength(120).IsUnicode(false);
        b.Property(r => r.Period).HasMaxLength(7).IsUnicode(false);
        b.HasIndex(r => new { r.AccountId, r.Period });
    }
}
