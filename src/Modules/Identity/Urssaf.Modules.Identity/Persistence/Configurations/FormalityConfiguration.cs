using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Urssaf.Modules.Identity.Domain;

namespace Urssaf.Modules.Identity.Persistence.Configurations;

internal sealed class FormalityConfiguration : IEntityTypeConfiguration<Formality>
{
    public void Configure(EntityTypeBuilder<Formality> b)
    {
        b.ToTable("Formalities");
        b.HasKey(f => f.Siret);
        b.Property(f => f.Siret).HasMaxLength(14).IsUnicode(false);
        b.Property(f => f.LegalName).HasMaxLength(200);
        b.Property(f => f.ApeCode).HasMaxLength(5).IsUnicode(false);
        b.Property(f => f.Department).HasMaxLength(3).IsUnicode(false);
        b.Property(f => f.Address).HasMaxLength(300);
        b.Property(f => f.ActivityNature).HasConversion<string>().HasMaxLength(20);
        b.Property(f => f.PrimaryCategory).HasConversion<string>().HasMaxLength(30);
        b.Property(f => f.DeclarationFrequency).HasConversion<string>().HasMaxLength(20);
        b.Property(f => f.Version).IsConcurrencyToken();
        b.Ignore(f => f.Entrepreneur);
        b.Property(f => f.EntrepreneurNirLookup).HasMaxLength(64).IsUnicode(false);
        b.Property(f => f.EntrepreneurNirMasked).HasMaxLength(32);
        b.Property(f => f.EntrepreneurBirthName).HasMaxLength(100);
        b.Property(f => f.EntrepreneurUsageName).HasMaxLength(100);
        b.Property(f => f.EntrepreneurFirstNames).HasMaxLength(200);
        b.Property(f => f.EntrepreneurGender).HasMaxLength(6).IsUnicode(false);
        b.Property(f => f.EntrepreneurBirthplace).HasMaxLength(5).IsUnicode(false);
        b.Property(f => f.EntrepreneurBirthcountry).HasMaxLength(5).IsUnicode(false);
    }
}
