using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Urssaf.Modules.Declarations.Domain;

namespace Urssaf.Modules.Declarations.Persistence.Configurations;

internal sealed class EnterpriseConfiguration : IEntityTypeConfiguration<Enterprise>
{
    public void Configure(EntityTypeBuilder<Enterprise> b)
    {
        b.ToTable("Enterprises");
        b.HasKey(e => e.Siret);
        b.Property(e => e.Siret).HasMaxLength(14).IsUnicode(false);
        b.HasIndex(e => e.AccountId).IsUnique();
        b.HasIndex(e => e.NextAnnouncementOn);
        b.Property(e => e.LastAnnouncedPeriod).HasMaxLength(7).IsUnicode(false);
        b.Property(e => e.Department).HasMaxLength(3).IsUnicode(false);
        b.Property(e => e.ActivityNature).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.PrimaryCategory).HasConversion<string>().HasMaxLength(30);
        b.Property(e => e.DeclarationFrequency).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.FrequencyHistory).HasMaxLength(400).IsUnicode(false);
    }
}
